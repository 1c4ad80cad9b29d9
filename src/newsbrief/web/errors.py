"""One error shape for the whole site: ``{"error": {"code", "message"}}`` under /api, an HTML page
elsewhere, each with the right status."""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsbrief.errors import ErrorCode, InputError, NewsbriefError, NotFound, UpstreamError

API_PREFIX = "/api/"


class ApiError(Exception):
    """An error only the web edge knows about (auth, rate limits), with its HTTP status."""

    def __init__(
        self, status: int, code: ErrorCode, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def status_of(error: NewsbriefError) -> int:
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, UpstreamError):
        return 502
    if isinstance(error, InputError) and error.code in ("too_large", "too_complex"):
        return 413
    return 400


def error_body(code: ErrorCode, message: str) -> dict[str, dict[str, str]]:
    return {"error": {"code": code, "message": message}}


def _validation_message(errors: Sequence[Any]) -> tuple[ErrorCode, str]:
    """A readable sentence from pydantic's error list, and whether the JSON itself was bad."""
    parts: list[str] = []
    code = ErrorCode.INVALID_REQUEST
    for error in errors[:5]:
        location = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
        if error.get("type") == "json_invalid":
            code = ErrorCode.INVALID_JSON
            ctx = error.get("ctx") or {}
            detail = ctx.get("error", "could not be parsed")
            parts.append(f"malformed JSON: {detail}")
            continue
        parts.append(f"{location}: {error.get('msg')}" if location else str(error.get("msg")))
    return code, "; ".join(parts) or "invalid request"


# The framework's own refusals (an unknown path, a wrong HTTP method) by status.
_HTTP_CODES = {404: ErrorCode.NOT_FOUND, 405: ErrorCode.METHOD_NOT_ALLOWED}


def _http_code(status: int) -> ErrorCode:
    return _HTTP_CODES.get(status, ErrorCode.INVALID_REQUEST if status < 500 else ErrorCode.ERROR)


def install_error_handlers(app: FastAPI, templates: Jinja2Templates) -> None:
    def respond(
        request: Request,
        status: int,
        code: ErrorCode,
        message: str,
        headers: dict[str, str] | None = None,
    ) -> Response:
        if request.url.path.startswith(API_PREFIX) or request.url.path == "/openapi.json":
            return JSONResponse(error_body(code, message), status_code=status, headers=headers)
        page: HTMLResponse = templates.TemplateResponse(
            request,
            "error.html",
            {"status": status, "message": message},
            status_code=status,
            headers=headers,
        )
        return page

    @app.exception_handler(NewsbriefError)
    async def _newsbrief(request: Request, error: NewsbriefError) -> Response:
        return respond(request, status_of(error), error.code, error.message)

    @app.exception_handler(ApiError)
    async def _api(request: Request, error: ApiError) -> Response:
        return respond(request, error.status, error.code, error.message, error.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, error: RequestValidationError) -> Response:
        code, message = _validation_message(error.errors())
        return respond(request, 422, code, message)

    @app.exception_handler(Exception)
    async def _crash(request: Request, error: Exception) -> Response:
        # Starlette still logs the traceback; the client gets the usual shape and no details.
        return respond(request, 500, ErrorCode.INTERNAL_ERROR, "something went wrong on our side")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> Response:
        message = (
            error.detail if isinstance(error.detail, str) else HTTPStatus(error.status_code).phrase
        )
        headers = dict(error.headers) if error.headers else None
        if error.status_code == 404 and message == "Not Found":
            message = "no such page"
        return respond(request, error.status_code, _http_code(error.status_code), message, headers)


__all__ = ["API_PREFIX", "ApiError", "error_body", "install_error_handlers", "status_of"]
