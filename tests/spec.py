"""Intercom's OpenAPI 2.10 description, read from ../shared/reference (never copied here)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from jsonschema import Draft7Validator

SPEC_PATH = Path(__file__).resolve().parents[2] / "shared" / "reference" / "intercom-openapi-2.10.yaml"
MISSING = f"Intercom's 2.10 OpenAPI file is not at {SPEC_PATH}; spec checks need ../shared/reference"


@cache
def load_spec() -> dict[str, Any] | None:
    if not SPEC_PATH.is_file():
        return None
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(SPEC_PATH.read_text(encoding="utf-8"), Loader=loader)


def to_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 schema objects to JSON Schema: ``nullable`` becomes a null alternative."""
    if isinstance(node, list):
        return [to_json_schema(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: to_json_schema(v) for k, v in node.items() if k not in ("nullable", "example", "examples")}
    if node.get("nullable"):
        return {"anyOf": [out, {"type": "null"}]}
    return out


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    op: dict[str, Any]


def _template_regex(template: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$")


def find_operation(spec: dict[str, Any], method: str, path: str) -> Operation | None:
    candidates = []
    for template, item in spec["paths"].items():
        op = item.get(method.lower())
        if op and _template_regex(template).match(path):
            candidates.append(Operation(method.upper(), template, op))
    # A literal segment beats a parameter: /contacts/search over /contacts/{id}.
    candidates.sort(key=lambda o: o.template.count("{"))
    return candidates[0] if candidates else None


def _resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        name = node["$ref"].split("/")[-1]
        node = spec["components"]["schemas"][name]
    return node


# Where the 2.10 description cannot be taken literally (intercom-api-notes.md, quirks 8, 9, 13):
# PUT /companies/{id} declares no body, yet the live API takes the upsert's fields there; the
# alternatives of POST /tags overlap (a body with `companies` matches three of them), so its
# `oneOf` holds as `anyOf`.
UNDECLARED_BODIES = {("PUT", "/companies/{id}"): "create_or_update_company_request"}
OVERLAPPING_ONE_OF = {("POST", "/tags")}


def _body_schema(spec: dict[str, Any], operation: Operation) -> dict[str, Any] | None:
    key = (operation.method, operation.template)
    if key in UNDECLARED_BODIES:
        return dict(spec["components"]["schemas"][UNDECLARED_BODIES[key]])
    body_spec = (operation.op.get("requestBody") or {}).get("content", {}).get("application/json")
    if body_spec is None:
        return None
    schema = dict(_resolve(spec, body_spec["schema"]))
    if key in OVERLAPPING_ONE_OF and "oneOf" in schema:
        schema["anyOf"] = schema.pop("oneOf")
    return schema


def _query_value(schema: dict[str, Any], raw: str) -> Any:
    """A query string's text as the type its parameter declares (query strings carry only text)."""
    if schema.get("type") == "integer" and raw.lstrip("-").isdigit():
        return int(raw)
    if schema.get("type") == "boolean" and raw in ("true", "false"):
        return raw == "true"
    return raw


def request_problems(spec: dict[str, Any], request: httpx.Request) -> list[str]:
    """Why this request would not satisfy the 2.10 spec (empty when it would)."""
    where = f"{request.method} {request.url.path}"
    operation = find_operation(spec, request.method, request.url.path)
    if operation is None:
        return [f"{where}: no such operation in the 2.10 spec"]
    problems: list[str] = []
    if request.headers.get("Intercom-Version") != "2.10":
        problems.append(f"{where}: Intercom-Version header is not 2.10")
    for param in operation.op.get("parameters", []):
        if param.get("in") != "query" or param["name"] not in request.url.params:
            continue
        schema = to_json_schema(param.get("schema", {}))
        value = _query_value(schema, request.url.params[param["name"]])
        for err in Draft7Validator(schema).iter_errors(value):
            problems.append(f"{where}: query {param['name']}: {err.message}")
    body_schema = _body_schema(spec, operation)
    body = json.loads(request.content) if request.content else None
    if body is not None and body_schema is None:
        problems.append(f"{where}: sends a JSON body the spec does not describe")
    if body_schema is not None:
        if body is None and (operation.op.get("requestBody") or {}).get("required"):
            problems.append(f"{where}: the spec requires a JSON body")
        elif body is not None:
            # Converted apart: a nullable body schema (create_article_request) becomes an anyOf,
            # and the components its $refs point at must stay at the root beside it.
            document = {"components": to_json_schema(spec["components"]), **to_json_schema(body_schema)}
            for err in Draft7Validator(document).iter_errors(body):
                path = ".".join(str(p) for p in err.absolute_path) or "(body)"
                problems.append(f"{where}: body {path}: {err.message}")
    return problems
