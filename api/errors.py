"""One JSON error shape for every status, with stable codes.

Every error the API answers looks like::

    {"error": {"code": "not_found", "message": "no document 99 in the index", "status": 404}}

``code`` is stable (clients branch on it); ``message`` is for a person and says what to do.
A 422 also carries ``details``: one entry per invalid parameter. Library errors map to statuses
here (``PolicyIntelError`` subclasses), so routes raise them or ``ApiError`` and never build
responses by hand. Anything unexpected becomes a 500 ``internal_error`` in the same shape.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from policyintel.errors import (
    ConfigError,
    LoadError,
    PolicyIntelError,
    StoreError,
    UnsupportedFormat,
)
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

logger = logging.getLogger("policyintel.api")

# Stable codes by status for errors that carry no code of their own (routing, HTTP layer).
DEFAULT_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    408: "request_timeout",
    413: "payload_too_large",
    415: "unsupported_format",
    422: "validation_error",
    500: "internal_error",
    503: "index_unavailable",
}


class ApiError(Exception):
    """An error answered as JSON: ``status``, a stable ``code`` and an actionable ``message``."""

    def __init__(self, status: int, code: str, message: str, *,
                 details: list[dict[str, Any]] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details, self.headers = details, headers


def not_found(message: str) -> ApiError:
    return ApiError(404, "not_found", message)


def error_body(status: int, code: str, message: str,
               details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message, "status": status}
    if details is not None:
        body["details"] = details
    return {"error": body}


def error_response(status: int, code: str, message: str, *,
                   details: list[dict[str, Any]] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, details), status_code=status,
                        headers=headers)


def from_library(e: PolicyIntelError) -> ApiError:
    """The API error for a library error: what the caller did wrong, or what is unavailable."""
    if isinstance(e, UnsupportedFormat):
        return ApiError(415, "unsupported_format", str(e))
    if isinstance(e, LoadError):
        return ApiError(415, "unreadable_file", str(e))
    if isinstance(e, ConfigError):
        return ApiError(400, "bad_request", str(e))
    if isinstance(e, StoreError):
        return ApiError(503, "index_unavailable", str(e))
    return ApiError(500, "internal_error", f"{type(e).__name__}: {e}")


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ())]
        out.append({"loc": loc, "message": str(err.get("msg", "")), "type": str(err.get("type", ""))})
    return out


def _summary(details: list[dict[str, Any]]) -> str:
    parts = []
    for d in details[:5]:
        where = ".".join(p for p in d["loc"] if p not in ("query", "body", "path", "header"))
        parts.append(f"{where or d['loc'][-1] if d['loc'] else 'request'}: {d['message']}")
    more = f" (and {len(details) - 5} more)" if len(details) > 5 else ""
    return "invalid request: " + "; ".join(parts) + more if parts else "invalid request"


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at the request's path (Starlette names only the first
    route's when several routes share a path)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        served = getattr(route, "methods", None)
        if served and route.matches(request.scope)[0] != Match.NONE:
            methods |= served
    return sorted(methods)


def install(app: FastAPI) -> None:
    """Register the handlers that give every error the one shape."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, details=exc.details,
                              headers=exc.headers)

    @app.exception_handler(PolicyIntelError)
    async def _library_error(request: Request, exc: PolicyIntelError) -> JSONResponse:
        err = from_library(exc)
        if err.status >= 500:
            logger.error("%s %s: %s", request.method, request.url.path, exc, exc_info=exc)
        return error_response(err.status, err.code, err.message)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = _validation_details(exc)
        return error_response(422, "validation_error", _summary(details), details=details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        status = exc.status_code
        code = DEFAULT_CODES.get(status, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if status == 404 and message == "Not Found":
            message = f"no such endpoint: {request.url.path}; see /api/v1/docs for the API"
        headers = getattr(exc, "headers", None)
        if status == 405:
            allowed = allowed_methods(request)
            message = (f"{request.method} is not allowed on {request.url.path}; "
                       f"use {', '.join(allowed)}")
            headers = {**(headers or {}), "Allow": ", ".join(allowed)}
        return error_response(status, code, message, headers=headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.error("%s %s: unexpected error", request.method, request.url.path, exc_info=exc)
        return error_response(500, "internal_error",
                              f"internal error ({type(exc).__name__}); this is a bug in "
                              "policyintel, please report it with the request")
