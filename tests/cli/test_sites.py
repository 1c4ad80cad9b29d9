"""`newsbrief sites add | list | remove`: the key alone on the last line, usage in the list, and
one-line errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsbrief.cli import main
from newsbrief.storage import open_store
from newsbrief.storage.sites import Counts, Publishers


def test_add_list_and_remove(tmp_path: Path) -> None:
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'nb.db'}"
    database = ["--database-url", url]
    added = runner.invoke(
        main, ["sites", "add", "Example.com", "--origin", "https://example.com/", *database]
    )
    assert added.exit_code == 0, added.output
    key = added.output.splitlines()[-1]
    assert re.fullmatch(r"pk_[0-9a-f]{32}", key)
    assert "added site 1: example.com" in added.output
    assert "origins: https://example.com\n" in added.output
    assert f'data-site="{key}"' in added.output
    local = runner.invoke(
        main,
        ["sites", "add", "127.0.0.2", "--origin", "http://127.0.0.2:8081", "--allow-private",
         *database],
    )  # fmt: skip
    assert local.exit_code == 0 and "private and loopback addresses allowed" in local.output
    local_key = local.output.splitlines()[-1]

    store = open_store(url)
    try:
        Publishers(store.engine).add_usage({1: Counts(served=12, cache_hits=9)})
    finally:
        store.close()
    listed = runner.invoke(main, ["sites", "list", *database])
    assert listed.exit_code == 0
    first, second = listed.output.splitlines()
    assert first.startswith(f"1\t{key}\texample.com\thttps://example.com\t12 served\t9 cache hits")
    assert second.startswith(f"2\t{local_key}\t127.0.0.2\thttp://127.0.0.2:8081\t0 served")
    assert second.endswith("private allowed")

    removed = runner.invoke(main, ["sites", "remove", key, *database])
    assert removed.exit_code == 0 and "removed site 1: example.com" in removed.output
    assert runner.invoke(main, ["sites", "remove", "2", *database]).exit_code == 0
    empty = runner.invoke(main, ["sites", "list", *database])
    assert "no sites yet" in empty.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sites", "add", "example.com", "--origin", "example.com"], "error: not an origin"),
        (["sites", "add", "https://example.com"], "error: not a domain name"),
        (["sites", "add"], "error: missing argument"),
        (["sites", "remove", "pk_missing"], "error: no site with key or id 'pk_missing'"),
    ],
)
def test_sites_errors_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, [*args, "--database-url", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1
    assert message in result.output.lower()
