"""Single flight on the event loop: concurrent callers of one key share one piece of work, a
failure reaches them all, and a caller that goes away does not cancel it for the others."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from newsbrief.web.flight import Flights


def test_concurrent_callers_of_one_key_share_one_run() -> None:
    runs: list[str] = []

    async def main() -> list[tuple[str, bool]]:
        flights: Flights[str, str] = Flights()
        gate = asyncio.Event()

        async def work() -> str:
            runs.append("ran")
            await gate.wait()
            return "answer"

        callers = [asyncio.ensure_future(flights.run("k", work)) for _ in range(50)]
        await asyncio.sleep(0)
        assert flights.running("k")
        gate.set()
        results = await asyncio.gather(*callers)
        await asyncio.sleep(0)
        assert not flights.running("k")
        return results

    results = asyncio.run(main())
    assert runs == ["ran"]
    assert {answer for answer, _leader in results} == {"answer"}
    assert sum(leader for _answer, leader in results) == 1


def test_different_keys_run_apart_and_a_new_flight_starts_after_landing() -> None:
    runs: list[str] = []

    async def main() -> None:
        flights: Flights[str, str] = Flights()

        def work(key: str) -> Callable[[], Awaitable[str]]:
            async def run() -> str:
                runs.append(key)
                return key

            return run

        await asyncio.gather(flights.run("a", work("a")), flights.run("b", work("b")))
        await asyncio.sleep(0)
        await flights.run("a", work("a"))

    asyncio.run(main())
    assert sorted(runs) == ["a", "a", "b"]


def test_a_failure_reaches_every_caller() -> None:
    async def main() -> list[BaseException | tuple[str, bool]]:
        flights: Flights[str, str] = Flights()

        async def work() -> str:
            await asyncio.sleep(0.01)
            raise ValueError("the page is gone")

        return await asyncio.gather(
            *(flights.run("k", work) for _ in range(5)), return_exceptions=True
        )

    results = asyncio.run(main())
    assert all(isinstance(r, ValueError) for r in results)


def test_a_caller_that_leaves_does_not_cancel_the_work() -> None:
    async def main() -> tuple[str, bool]:
        flights: Flights[str, str] = Flights()
        gate = asyncio.Event()

        async def work() -> str:
            await gate.wait()
            return "done"

        first = asyncio.ensure_future(flights.run("k", work))
        second = asyncio.ensure_future(flights.run("k", work))
        await asyncio.sleep(0)
        first.cancel()
        with pytest.raises(asyncio.CancelledError):
            await first
        gate.set()
        return await second

    assert asyncio.run(main()) == ("done", False)
