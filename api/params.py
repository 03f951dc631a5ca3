"""Query parameters of an endpoint as one pydantic model, validated in one call.

FastAPI resolves each declared query parameter on its own, inspecting the parameter's
annotation again on every request (is it a sequence? a model? which alias?): the 22 filters of
/records cost more CPU than reading a page of records from the index. An endpoint here declares
its filters once, as a ``QueryModel``; the handler calls ``parse_query(Model, request)``, which
validates the request's query string against it in one pydantic call (the same lax coercion of
strings as FastAPI's, so ``limit=50`` and ``desc=true`` mean what they did), and
``documented(Model)`` states the same fields as the operation's query parameters in the OpenAPI
schema, so the model is both the validation and the documentation. (Called in the handler, not
declared as a dependency: FastAPI's resolution of a dependency cost more than the validation.)

A validation failure is FastAPI's own ``RequestValidationError`` with ``("query", field)``
locations: the API's 422 body is the same whichever way a parameter was declared.

An endpoint that takes the request alone, parses its own parameters and returns a Response
needs nothing of FastAPI's per-request handler (which resolves parameters and serialises the
return value): ``RequestRoute`` calls it directly. Errors still reach the app's handlers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, ValidationError

M = TypeVar("M", bound="QueryModel")


class QueryModel(BaseModel):
    """The query parameters of one endpoint (unknown parameters are ignored, as FastAPI does)."""

    model_config = ConfigDict(extra="ignore", frozen=True)


def parse_query(model: type[M], request: Request) -> M:
    """``model`` from ``request``'s query string (a repeated parameter: its last value)."""
    try:
        return model.model_validate(dict(request.query_params))
    except ValidationError as e:
        raise RequestValidationError(
            [{**err, "loc": ("query", *err["loc"])} for err in e.errors(include_url=False)]
        ) from None


class RequestRoute(APIRoute):
    """A route whose endpoint is ``async def endpoint(request) -> Response``, called directly
    (a cold records page 0.28 -> 0.26-0.27 ms of CPU through the app, paired runs). The OpenAPI
    operation is still FastAPI's, from the route's declaration and ``documented(Model)``."""

    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        endpoint = self.endpoint

        async def handler(request: Request) -> Response:
            return await endpoint(request)

        return handler


def documented(model: type[QueryModel]) -> dict[str, Any]:
    """``openapi_extra`` stating ``model``'s fields as the operation's query parameters, shaped
    as FastAPI states a parameter declared with ``Query(...)``."""
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    if schema.get("$defs"):
        raise TypeError(f"{model.__name__}: query parameters must be plain values, "
                        f"not models ({', '.join(schema['$defs'])})")
    required = set(schema.get("required", ()))
    parameters = []
    for name, prop in schema["properties"].items():
        if prop.get("default", ...) is None:
            prop = {k: v for k, v in prop.items() if k != "default"}
        parameter: dict[str, Any] = {"name": name, "in": "query", "required": name in required,
                                     "schema": prop}
        if "description" in prop:
            parameter["description"] = prop["description"]
        parameters.append(parameter)
    return {"parameters": parameters}
