"""The OpenAPI document as OpenAPI 3.0, for the docs page: the vendored Swagger UI (4.x) reads
3.0 only and shows "Unable to render this definition" for the 3.1 document FastAPI writes.
``/openapi.json`` stays 3.1; this is a rendition for display. A pure function."""

from __future__ import annotations

import copy
from typing import Any

VERSION = "3.0.3"
_NULL = {"type": "null"}


def as_openapi_30(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of the 3.1 ``document`` in 3.0's terms: ``nullable`` for a null alternative,
    ``example`` for a schema's list of ``examples``, boolean exclusive bounds, ``enum`` for
    ``const``."""
    converted: dict[str, Any] = _convert(copy.deepcopy(document))
    converted["openapi"] = VERSION
    return converted


def _convert(node: Any) -> Any:
    if isinstance(node, list):
        return [_convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _convert(value) for key, value in node.items()}
    for alternatives in ("anyOf", "oneOf"):
        options = node.get(alternatives)
        if isinstance(options, list) and _NULL in options:
            rest = [option for option in options if option != _NULL]
            del node[alternatives]
            node["nullable"] = True
            if len(rest) == 1 and "$ref" not in rest[0]:
                node = {**rest[0], **node}
            elif rest:
                node["allOf" if len(rest) == 1 else alternatives] = rest
    kind = node.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        node["type"] = kinds[0] if kinds else "string"
        if "null" in kind:
            node["nullable"] = True
    if isinstance(node.get("examples"), list) and node["examples"]:
        node["example"] = node.pop("examples")[0]
    for bound, plain in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        value = node.get(bound)
        if isinstance(value, int | float) and not isinstance(value, bool):
            node[plain] = value
            node[bound] = True
    if "const" in node:
        node["enum"] = [node.pop("const")]
    return node


__all__ = ["VERSION", "as_openapi_30"]
