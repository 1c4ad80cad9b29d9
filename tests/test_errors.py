"""Every error code is one member of ErrorCode, documented in docs/api.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsbrief.errors import ErrorCode, InputError, NewsbriefError, unknown_choice

API_DOCS = Path(__file__).resolve().parents[1] / "docs" / "api.md"


def documented_codes() -> set[str]:
    text = API_DOCS.read_text(encoding="utf-8")
    table = text[text.index("### Error codes") :]
    return set(re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.MULTILINE))


def test_every_error_code_is_documented_and_nothing_else_is() -> None:
    assert documented_codes() == {code.value for code in ErrorCode}


@pytest.mark.parametrize("kind", ["method", "format", "kind", "length", "engine"])
def test_an_unknown_choice_has_its_own_code_and_lists_the_choices(kind: str) -> None:
    error = unknown_choice(kind, "bogus", ["b", "a"])
    assert error.code == f"unknown_{kind}"
    assert error.message == f"unknown {kind} 'bogus'; choose one of: a, b"


def test_an_error_keeps_its_class_code_unless_given_one() -> None:
    assert InputError("x").code is ErrorCode.INVALID_INPUT
    assert InputError("x", code=ErrorCode.EMPTY_INPUT).code is ErrorCode.EMPTY_INPUT
    assert str(NewsbriefError("the message")) == "the message"
