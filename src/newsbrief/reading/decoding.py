"""Turn raw bytes (a file, an upload, a fetched page) into text, or refuse them with a clear reason.

Order matters: the size check comes first so a huge file fails before any scanning; BOMs beat every
guess; strict UTF-8 comes next because most text today is UTF-8 and a successful strict decode is
almost never a false positive; an HTML/XML charset declaration comes before statistical detection
because short pages fool detectors; charset-normalizer is the last resort. Nothing here raises
anything but :class:`InputError` for bad input: undecodable bytes become U+FFFD.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from newsbrief.errors import ErrorCode, InputError

MAX_INPUT_BYTES = 20 * 1024 * 1024
_MB = 1024 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of formats people plausibly hand to a text tool by mistake; checked before any
# decoding so the error can say what the file is rather than "binary".
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/Excel/EPUB file)"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "an executable program"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x00asm", "a WebAssembly module"),
    (b"OggS", "an Ogg audio/video file"),
    (b"ID3", "an MP3 audio file"),
    (b"fLaC", "a FLAC audio file"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
)

# C0 controls other than tab, line feed, vertical tab, form feed, carriage return and escape. Real
# text (even sloppy legacy text) has almost none; binaries are full of them.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
# The same characters as bytes: ASCII text loses them by ``bytes.translate``, a single pass in C
# several times faster than the regular expression on large pages.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
# The share of control characters past which input is not text: well above the densest legitimate
# text measured (ANSI-coloured logs), well below binary payloads without a known header
# (docs/benchmarks.md, "Input checks").
_MAX_CONTROL_SHARE = 0.02
# NULs outside UTF-16: binaries without a known signature (fonts, compiled files, databases,
# bitmaps) carry them at percent level, a text page only as a handful of padding or pasted strays
# (docs/benchmarks.md, "Input checks"). The allowance for controls is clean_text's.
_NUL_ALLOWANCE = 16
_MAX_NUL_SHARE = 0.001
_CONTROL_ALLOWANCE = 3
# Decoded text this much made of U+FFFD replacements was binary behind a misleading BOM.
_MAX_REPLACED_SHARE = 0.3
_SAMPLE = 64 * 1024

_DECLARED = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{2,40})"""
    rb"""|<\?xml[^>]{0,200}?encoding\s*=\s*["']([a-zA-Z0-9_.:-]{2,40})""",
    re.IGNORECASE,
)
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def check_size(size: int) -> None:
    """Refuse inputs over :data:`MAX_INPUT_BYTES` before anything expensive reads them."""
    if size > MAX_INPUT_BYTES:
        raise InputError(
            f"input is {size / _MB:.1f} MB; the limit is {MAX_INPUT_BYTES // _MB} MB",
            code=ErrorCode.TOO_LARGE,
        )


def decode(data: bytes) -> str:
    """Decode raw bytes to text: BOM, then UTF-8, then a declared charset, then detection."""
    check_size(len(data))
    if not data.strip():
        raise InputError("input is empty", code=ErrorCode.EMPTY_INPUT)
    return clean_text(_decoded(data))


def _decoded(data: bytes) -> str:
    """``data`` as text by the first rule that applies, in the order the module explains."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    _refuse_binary(data)
    utf16 = _utf16_without_bom(data[:_SAMPLE]) if b"\x00" in data[:_SAMPLE] else None
    if utf16 is not None:
        # UTF-8 would "decode" BOM-less UTF-16 too, NULs and all; other stray NULs (padding after
        # a page's end) are left for clean_text to drop.
        return data.decode(utf16, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _decoded_legacy(data)


def _decoded_legacy(data: bytes) -> str:
    """Bytes that are not strict UTF-8: a declared charset, damaged UTF-8, or detection."""
    declared = _declared_encoding(data[:4096])
    if declared is not None:
        return data.decode(declared, errors="replace")
    if _mostly_utf8(data):
        return data.decode("utf-8", errors="replace")
    return _detect(data)


def clean_text(text: str) -> str:
    """Normalise decoded (or given) text: one newline style, no stray control characters.

    Raises ``binary_input`` when control characters are common enough that the text is really a
    binary file read as text, and ``empty_input`` when nothing visible is left.
    """
    check_size(len(text))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    _refuse_binary_text(text[:_SAMPLE])
    if text.isascii():
        raw = text.encode("ascii")
        kept = raw.translate(None, _CONTROL_BYTES)
        text = text if len(kept) == len(raw) else kept.decode("ascii")
    else:
        text = _CONTROL_CHARS.sub("", text)
        # Lone surrogates (from a str built with surrogateescape) cannot be encoded or parsed
        # later.
        text = text.encode("utf-8", errors="replace").decode("utf-8")
    if not text.strip().strip(_INVISIBLE).strip():
        raise InputError("input is empty", code=ErrorCode.EMPTY_INPUT)
    return text


def _refuse_binary_text(sample: str) -> None:
    """Refuse text that is really binary: control characters, or mostly U+FFFD replacements."""
    controls = len(_CONTROL_CHARS.findall(sample))
    # A few strays (a bell, a NUL pasted from a terminal) are noise in short text, not binary.
    if controls > max(_CONTROL_ALLOWANCE, _MAX_CONTROL_SHARE * len(sample)):
        raise InputError("input looks like binary data, not text", code=ErrorCode.BINARY_INPUT)
    replaced = sample.count("\ufffd")
    # Mostly undecodable bytes (a wrong BOM on binary data): there is no text to give back.
    if replaced and replaced >= _MAX_REPLACED_SHARE * len(sample.strip()):
        raise InputError("input is not decodable text", code=ErrorCode.BINARY_INPUT)


def binary_kind(data: bytes) -> str | None:
    """What a binary blob looks like ("a PNG image"), or None when it looks like text."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if data[4:8] == b"ftyp":
        return "an MP4/MOV video or HEIC image"
    if data.startswith(b"RIFF") and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}[
            data[8:12]
        ]
    sample = data[:_SAMPLE]
    nuls = sample.count(0)
    if nuls and _utf16_without_bom(sample):
        return None
    if nuls > max(_NUL_ALLOWANCE, _MAX_NUL_SHARE * len(sample)):
        return "binary data"
    # NULs count among the control bytes too (a short sample of mostly controls is binary).
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > max(_CONTROL_ALLOWANCE, _MAX_CONTROL_SHARE * len(sample)):
        return "binary data"
    return None


def _refuse_binary(data: bytes) -> None:
    kind = binary_kind(data)
    if kind is not None:
        raise InputError(f"input looks like {kind}, not text", code=ErrorCode.BINARY_INPUT)


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text without a BOM shows as NULs on every other byte (for Latin-script text)."""
    even, odd = sample[0::2], sample[1::2]
    if not even or not odd:
        return None
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _declared_encoding(head: bytes) -> str | None:
    """The codec named by a ``<meta charset>`` / XML declaration, WHATWG-style.

    UTF-8 and UTF-16 declarations are ignored (a strict UTF-8 decode already failed, and a UTF-16
    page with ASCII-compatible markup is mislabelled); Latin-1 means Windows-1252 on the web.
    """
    match = _DECLARED.search(head)
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith(("utf-8", "utf-16", "utf-32")):
        return None
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    return name


def _mostly_utf8(data: bytes) -> bool:
    """True when UTF-8 with a few damaged bytes explains the data better than a legacy codec."""
    non_ascii = len(data) - len(data.translate(None, bytes(range(0x80, 0x100))))
    decoded = data.decode("utf-8", errors="replace")
    errors = decoded.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    multibyte = len(decoded) - len(decoded.encode("ascii", errors="ignore")) - errors
    return multibyte > 0 and errors <= 0.05 * non_ascii


def _detect(data: bytes) -> str:
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return data.decode("cp1252", errors="replace")
    best = matches[0]
    # Short Western texts tie between cp1250/cp1257/cp1252 (same letters in common positions);
    # prefer cp1252, by far the most common legacy encoding, unless the detector clearly disagrees.
    for match in matches:
        if (
            match.encoding == "cp1252"
            and match.chaos <= best.chaos + 0.01
            and match.coherence >= best.coherence - 0.05
        ):
            best = match
            break
    return data.decode(best.encoding, errors="replace")
