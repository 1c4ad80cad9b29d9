"""Language identification: the packaged model, offline, on short and odd samples."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsbrief.reading.language import detect_language

SAMPLES = {
    "en": "The harbour council voted on Tuesday to repair the old sea wall before the winter.",
    "de": "Der Stadtrat beschloss am Dienstag, die alte Hafenmauer vor dem Winter zu reparieren.",
    "es": "El ayuntamiento votó el martes reparar el viejo muro del puerto antes del invierno.",
    "ja": "市議会は火曜日、冬が来る前に古い港の防波堤を修理することを決めた。",
    "zh": "市议会周二投票决定在冬天之前修复旧的港口防波堤。",
    "ru": "Городской совет во вторник проголосовал за ремонт старой портовой стены до зимы.",
}


@pytest.mark.parametrize(("code", "text"), sorted(SAMPLES.items()))
def test_a_paragraph_names_its_language(code: str, text: str) -> None:
    assert detect_language(text) == code
    # Case does not change the answer (headlines in capitals).
    assert detect_language(text.upper()) == code


def test_too_little_text_names_no_language() -> None:
    assert detect_language("") is None
    assert detect_language("12 345 678 — 9 !!!") is None
    assert detect_language("Oui.") is None


def test_the_model_is_read_without_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """The package's own model: identifying a language never opens a connection."""

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("language identification tried to connect")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert detect_language(SAMPLES["de"] + " " + SAMPLES["de"]) == "de"


@given(st.text(max_size=3000))
def test_any_text_gives_a_code_or_none(text: str) -> None:
    found = detect_language(text)
    assert found is None or (found.isascii() and found.islower() and 2 <= len(found) <= 3)


def test_every_dev_article_is_english_or_welsh(shared_data: Path) -> None:
    """The dev sets are English news (XSum carries a few Welsh pieces): a sanity check that the
    model reads real articles, not only the samples above."""
    found: dict[str, int] = {}
    for name in ("cnndm_dev", "xsum_dev", "newsroom_dev"):
        for line in (shared_data / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            code = detect_language(record.get("text") or record["article"])
            found[str(code)] = found.get(str(code), 0) + 1
    assert set(found) <= {"en", "cy"}
    assert found["en"] >= 550
