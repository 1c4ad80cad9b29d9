"""Bytes to text: encodings, damaged bytes, binaries, empty and oversized input."""

from __future__ import annotations

import codecs
import gzip
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbrief.errors import InputError, NewsbriefError
from newsbrief.reading.decoding import MAX_INPUT_BYTES, binary_kind, check_size, clean_text, decode

FRENCH = "Le gouvernement a annoncé mercredi une réforme très contestée, dit-on à l'Élysée."
SMART = "“Quoted,” she said — naïve résumé… cost €5."
RUSSIAN = "Правительство объявило в среду о реформе, которая вызвала споры."


def code_of(data: bytes) -> str:
    with pytest.raises(InputError) as caught:
        decode(data)
    return caught.value.code


def test_utf8_plain_and_with_bom() -> None:
    assert decode(FRENCH.encode("utf-8")) == FRENCH
    assert decode(codecs.BOM_UTF8 + FRENCH.encode("utf-8")) == FRENCH


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(encoding: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    assert decode(bom + SMART.encode(encoding)) == SMART


def test_utf16_without_bom_is_not_taken_for_binary() -> None:
    assert decode(FRENCH.encode("utf-16-le")) == FRENCH


@pytest.mark.parametrize("text", [FRENCH, "Größere Änderungen für Bürger über Straßen."])
def test_latin1(text: str) -> None:
    assert decode(text.encode("latin-1")) == text


def test_short_latin1_prefers_western_over_central_european() -> None:
    assert decode("Café crème brûlée à la carte.".encode("latin-1")) == (
        "Café crème brûlée à la carte."
    )


def test_cp1252_smart_punctuation() -> None:
    assert decode(SMART.encode("cp1252")) == SMART


def test_declared_charset_is_respected() -> None:
    html = f'<html><head><meta charset="windows-1251"></head><body><p>{RUSSIAN}</p></body></html>'
    assert RUSSIAN in decode(html.encode("cp1251"))


def test_declared_latin1_means_cp1252() -> None:
    html = f'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>{SMART}</p>'
    assert SMART in decode(html.encode("cp1252"))


def test_invalid_utf8_bytes_are_replaced_not_fatal() -> None:
    data = "Zürich café naïve ".encode() * 20 + b"\xff\xfe broken \xc3 end"
    text = decode(data)
    assert text.startswith("Zürich café naïve")
    assert "\ufffd" in text
    assert text.endswith("end")


def test_crlf_is_normalised() -> None:
    assert decode(b"Title\r\n\r\nBody line.\rMore.") == "Title\n\nBody line.\nMore."


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)), "PNG"),
        (gzip.compress(b"hello world " * 50), "gzip"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(100), "ZIP"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG"),
    ],
)
def test_known_binaries_are_named(data: bytes, named: str) -> None:
    with pytest.raises(InputError) as caught:
        decode(data)
    assert caught.value.code == "binary_input"
    assert named in caught.value.message


def test_unknown_binary_with_nul_and_control_bytes() -> None:
    blob = bytes((i * 37 + 11) % 256 for i in range(4096))
    assert code_of(blob) == "binary_input"
    assert binary_kind(b"plain text\n") is None


@pytest.mark.parametrize("data", [b"", b"   ", b" \n\t\r\n ", codecs.BOM_UTF8 + b"  \n"])
def test_empty_and_whitespace(data: bytes) -> None:
    assert code_of(data) == "empty_input"


def test_whitespace_only_utf16_and_invisible_characters() -> None:
    assert code_of(codecs.BOM_UTF16_LE + "  \n\u00a0".encode("utf-16-le")) == "empty_input"
    assert code_of("\u200b\u3000\n".encode()) == "empty_input"


def test_fifty_megabytes_fails_fast_with_size_in_message() -> None:
    data = b"a" * (50 * 1024 * 1024)
    start = time.perf_counter()
    with pytest.raises(InputError) as caught:
        decode(data)
    assert time.perf_counter() - start < 0.5
    assert caught.value.code == "too_large"
    assert "50.0 MB" in caught.value.message
    assert "\n" not in caught.value.message


def test_check_size_boundary() -> None:
    check_size(MAX_INPUT_BYTES)
    with pytest.raises(InputError):
        check_size(MAX_INPUT_BYTES + 1)


def test_clean_text_removes_stray_controls_but_keeps_text() -> None:
    assert clean_text("Hello\x07 world, this is a story of many words.") == (
        "Hello world, this is a story of many words."
    )
    with pytest.raises(InputError) as caught:
        clean_text("\x00\x01\x02\x03abc")
    assert caught.value.code == "binary_input"


def test_lone_surrogates_are_replaced() -> None:
    # A str built with surrogateescape holds lone surrogates, which no encoder accepts.
    assert clean_text("story \udce9 text") == "story ? text"
    assert clean_text("\ud800 lone high, lone low \udfff") == "? lone high, lone low ?"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_decode_or_raise_newsbrief_error(data: bytes) -> None:
    try:
        text = decode(data)
    except NewsbriefError:
        return
    assert isinstance(text, str)
    assert text.strip()
    assert "\x00" not in text
    text.encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=500))
def test_any_text_round_trips_through_utf8(text: str) -> None:
    try:
        decoded = decode(text.encode("utf-8"))
    except NewsbriefError:
        return
    assert decoded.strip()


def test_a_bom_on_binary_data_is_not_text() -> None:
    # A UTF-32 byte-order mark followed by bytes that are no UTF-32 text at all.
    assert code_of(b"\xff\xfe\x00\x00garbage\x00") == "binary_input"


def test_a_few_bad_bytes_in_real_text_are_replaced_not_refused() -> None:
    text = decode(b"\xef\xbb\xbfThe council met on Monday \xff and voted for the plan.")
    assert "council met" in text


# --- NUL bytes: padding in a text page is not a binary file (issue 15) ---------------------------

PAGE = (
    "<!DOCTYPE html><html><head><title>Mission update</title></head><body>"
    + "<p>The probe sent its first images back on Tuesday, the agency said.</p>" * 40
    + "</body></html>"
)


def test_nul_padding_after_the_end_of_a_page_is_tolerated() -> None:
    text = decode(PAGE.encode("utf-8") + b"\x00" * 6)
    assert text == PAGE
    assert binary_kind(PAGE.encode("utf-8") + b"\x00" * 6) is None


def test_a_few_stray_nuls_inside_utf8_text_are_dropped() -> None:
    data = FRENCH.encode("utf-8") * 30
    damaged = data[:100] + b"\x00" + data[100:700] + b"\x00\x00" + data[700:]
    assert decode(damaged) == decode(data)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_is_still_decoded(encoding: str) -> None:
    assert decode(PAGE.encode(encoding)) == PAGE
    assert decode(FRENCH.encode(encoding)) == FRENCH


@pytest.mark.parametrize(
    "blob",
    [
        # an uncompressed bitmap-like payload: runs of NULs between small values
        bytes([0, 0, 0, 1, 2, 0, 0, 7] * 2048),
        # a compiled-file-like payload: text names between NUL-padded fields
        b"".join(b"name_%d\x00\x00\x00\x00" % i + bytes(range(8)) for i in range(1500)),
        # a font-like table directory
        b"\x00\x01\x00\x00\x00\x10\x01\x00" + bytes(4000),
    ],
)
def test_real_binaries_without_a_signature_are_still_refused(blob: bytes) -> None:
    assert code_of(blob) == "binary_input"
    assert binary_kind(blob) == "binary data"


def test_many_nuls_in_otherwise_text_is_binary() -> None:
    data = FRENCH.encode("utf-8") * 30
    riddled = b"\x00".join(data[i : i + 40] for i in range(0, len(data), 40))
    assert code_of(riddled) == "binary_input"


def _reference_clean(text: str) -> str:
    """What clean_text does to text it accepts, written the slow, obvious way."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]", "", text)
    return text.encode("utf-8", errors="replace").decode("utf-8")


@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=400) | st.text(max_size=400))
def test_ascii_and_other_text_lose_the_same_control_characters(text: str) -> None:
    """ASCII text takes a faster path than other text: both end as the obvious definition."""
    try:
        cleaned = clean_text(text)
    except NewsbriefError:
        return
    assert cleaned == _reference_clean(text)
