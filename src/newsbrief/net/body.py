"""A response body decoded as it streams in, never holding more than the size limit.

A compressed body is inflated chunk by chunk with a cap on each call's output, so a small
"zip bomb" is refused once its decoded size passes the limit, before it is ever inflated whole.
"""

from __future__ import annotations

import zlib

from newsbrief.errors import ErrorCode, UpstreamError

# What we ask for in Accept-Encoding, and so all we accept.
ACCEPTED_ENCODINGS = "gzip, deflate"
_GZIP_WBITS = 16 + zlib.MAX_WBITS


class BodyReader:
    """Collects a body of at most ``limit`` decoded bytes, in the ``Content-Encoding`` given."""

    def __init__(self, url: str, content_encoding: str, limit: int) -> None:
        self.url = url
        self.limit = limit
        self._body = bytearray()
        codings = [c.strip() for c in content_encoding.lower().split(",")]
        codings = [c for c in codings if c and c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise UpstreamError(
                f"{url}: unsupported content encoding {content_encoding!r}",
                code=ErrorCode.HTTP_ERROR,
            )
        self._coding = codings[0] if codings else None
        # "deflate" is meant to be a zlib stream, but some servers send raw deflate: tried next.
        wbits = _GZIP_WBITS if self._coding != "deflate" else zlib.MAX_WBITS
        self._inflater = zlib.decompressobj(wbits)
        self._raw_deflate_possible = self._coding == "deflate"

    def feed(self, chunk: bytes) -> None:
        if self._coding is None:
            self._keep(chunk)
            return
        try:
            self._inflate(chunk)
        except zlib.error:
            if not self._raw_deflate_possible or self._body:
                raise self._corrupt() from None
            self._raw_deflate_possible = False
            self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            self.feed(chunk)
        self._raw_deflate_possible = False

    def finish(self) -> bytes:
        if self._coding is not None:
            try:
                self._keep(self._inflater.flush())
            except zlib.error:
                raise self._corrupt() from None
        return bytes(self._body)

    def _inflate(self, data: bytes) -> None:
        while data:
            # At most one byte past the limit per call: enough to know it was passed.
            room = self.limit - len(self._body) + 1
            self._keep(self._inflater.decompress(data, room))
            data = self._inflater.unconsumed_tail

    def _keep(self, data: bytes) -> None:
        if len(self._body) + len(data) > self.limit:
            raise too_large(self.url, self.limit)
        self._body += data

    def _corrupt(self) -> UpstreamError:
        return UpstreamError(
            f"{self.url}: the {self._coding} compressed body is corrupt", code=ErrorCode.HTTP_ERROR
        )


def too_large(url: str, limit: int) -> UpstreamError:
    return UpstreamError(
        f"{url}: response is larger than {limit / (1024 * 1024):g} MB", code=ErrorCode.TOO_LARGE
    )


__all__ = ["ACCEPTED_ENCODINGS", "BodyReader", "too_large"]
