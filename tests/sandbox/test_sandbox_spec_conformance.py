"""Responses of the main endpoints validate against the response schemas of the 2.10 spec.

The spec is read from the shared reference folder next to the repository and never copied
into it; without it these tests are skipped. OpenAPI 3.0's `nullable` is translated to JSON
Schema, and `format` is not checked (the spec labels unix integers `date-time`). Where the live
API and the description disagree the sandbox follows the live API; `LIVE_DIFFERENCES` relaxes
the description at exactly those places, and the answers are also checked against our own
item schemas (intercom/schemas), which follow the live API throughout.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from sandbox_helpers import MIDNIGHT, Sandbox, SandboxFactory

SPEC_PATH = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "intercom-openapi-2.10.yaml"


def _translate(node: Any) -> Any:
    """OpenAPI 3.0 schema -> JSON Schema 2020-12 (`nullable: true` becomes `anyOf [..., null]`)."""
    if isinstance(node, list):
        return [_translate(item) for item in node]
    if not isinstance(node, dict):
        return node
    translated = {
        key: _translate(value)
        for key, value in node.items()
        if key not in ("nullable", "example", "examples", "discriminator", "xml", "externalDocs")
    }
    if "$ref" in translated:
        translated["$ref"] = translated["$ref"].replace("#/components/schemas/", "#/$defs/")
    if node.get("nullable") is True:
        return {"anyOf": [translated, {"type": "null"}]}
    return translated


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    if not SPEC_PATH.is_file():
        pytest.skip(f"Intercom 2.10 spec not found at {SPEC_PATH}; spec conformance tests need it")
    yaml = pytest.importorskip("yaml")
    with SPEC_PATH.open("rb") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _object(node: dict[str, Any]) -> dict[str, Any]:
    """The object schema itself, also when `_translate` wrapped a nullable one in anyOf."""
    return node["anyOf"][0] if "anyOf" in node and "properties" not in node else node


def _nullable_statistics(stats: dict[str, Any]) -> None:
    for name, prop in stats["properties"].items():
        if name != "type":
            stats["properties"][name] = {"anyOf": [prop, {"type": "null"}]}
    stats["properties"]["last_closed_by_id"] = {"type": ["integer", "string", "null"]}


def _nullable_email(contact: dict[str, Any]) -> None:
    contact["properties"]["email"] = {"type": ["string", "null"]}


def _next_page_url(pages: dict[str, Any]) -> None:
    pages["properties"]["next"] = {"anyOf": [pages["properties"]["next"], {"type": "string"}]}


# Each: what the live API sends where the 2.10 description says otherwise.
LIVE_DIFFERENCES = {
    # every statistics key present, null until it applies; last_closed_by_id an integer
    "conversation_statistics": _nullable_statistics,
    # a lead without an email has email null
    "contact": _nullable_email,
    # page-numbered lists put the next page's URL in `next`
    "cursor_pages": _next_page_url,
}


@pytest.fixture(scope="module")
def definitions(spec: dict[str, Any]) -> dict[str, Any]:
    translated = {name: _translate(schema) for name, schema in spec["components"]["schemas"].items()}
    for name, relax in LIVE_DIFFERENCES.items():
        relax(_object(translated[name]))
    return translated


def response_schema(spec: dict[str, Any], method: str, template: str, status: int) -> dict[str, Any]:
    operation = spec["paths"][template][method.lower()]
    return operation["responses"][str(status)]["content"]["application/json"]["schema"]


def validate(definitions: dict[str, Any], schema: dict[str, Any], instance: Any) -> None:
    document = {**_translate(schema), "$defs": definitions}
    validator = jsonschema.Draft202012Validator(document)
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


@pytest.fixture
async def world(make_sandbox: SandboxFactory) -> dict[str, Any]:
    """A seeded sandbox plus ids of one of everything, for building request paths."""
    sandbox = await make_sandbox(seed=5, now=MIDNIGHT + 3600)
    client = sandbox.client
    contact = await sandbox.create_contact(email="spec@example.com", external_id="spec-1", name="Spec")
    admin_id = (await client.get("/me")).json()["id"]
    tag = (await client.post("/tags", json={"name": "Spec tag"})).json()
    await client.post(f"/contacts/{contact['id']}/tags", json={"id": tag["id"]})
    note = (
        await client.post(f"/contacts/{contact['id']}/notes", json={"body": "n", "admin_id": admin_id})
    ).json()
    company = (
        await client.post("/companies", json={"company_id": "spec-co", "name": "Spec Co", "plan": "Pro"})
    ).json()
    await client.post(f"/contacts/{contact['id']}/companies", json={"id": company["id"]})
    message = (
        await client.post(
            "/conversations", json={"from": {"type": "user", "id": contact["id"]}, "body": "Hi"}
        )
    ).json()
    conversation_id = message["conversation_id"]
    await client.post(f"/conversations/{conversation_id}/tags", json={"id": tag["id"], "admin_id": admin_id})
    ticket_type_id = (await client.get("/ticket_types")).json()["ticket_types"][0]["id"]
    ticket = (
        await client.post(
            "/tickets", json={"ticket_type_id": ticket_type_id, "contacts": [{"id": contact["id"]}]}
        )
    ).json()
    return {
        "sandbox": sandbox,
        "contact": contact["id"],
        "admin": admin_id,
        "tag": tag["id"],
        "note": note["id"],
        "company": company["id"],
        "conversation": conversation_id,
        "ticket": ticket["id"],
        "ticket_type": ticket_type_id,
        "team": (await client.get("/teams")).json()["teams"][0]["id"],
    }


# (method, spec path template, concrete path or a builder, JSON body builder)
CASES: list[tuple[str, str, str, Any]] = [
    ("GET", "/me", "/me", None),
    ("GET", "/admins", "/admins", None),
    ("GET", "/admins/{id}", "/admins/{admin}", None),
    ("GET", "/teams", "/teams", None),
    ("GET", "/tags", "/tags", None),
    ("POST", "/tags", "/tags", lambda w: {"name": "Another tag"}),
    ("GET", "/tags/{id}", "/tags/{tag}", None),
    ("GET", "/contacts", "/contacts", None),
    ("POST", "/contacts", "/contacts", lambda w: {"email": "new-spec@example.com", "role": "lead"}),
    ("GET", "/contacts/{id}", "/contacts/{contact}", None),
    (
        "PUT",
        "/contacts/{id}",
        "/contacts/{contact}",
        lambda w: {"name": "Renamed", "custom_attributes": {"a": 1}},
    ),
    (
        "POST",
        "/contacts/search",
        "/contacts/search",
        lambda w: {"query": {"field": "role", "operator": "=", "value": "user"}},
    ),
    ("GET", "/contacts/{contact_id}/tags", "/contacts/{contact}/tags", None),
    ("POST", "/contacts/{contact_id}/tags", "/contacts/{contact}/tags", lambda w: {"id": w["tag"]}),
    ("GET", "/contacts/{id}/notes", "/contacts/{contact}/notes", None),
    (
        "POST",
        "/contacts/{id}/notes",
        "/contacts/{contact}/notes",
        lambda w: {"body": "hello", "admin_id": w["admin"]},
    ),
    ("GET", "/notes/{id}", "/notes/{note}", None),
    ("POST", "/companies", "/companies", lambda w: {"company_id": "spec-co-2", "name": "Two", "size": 3}),
    ("GET", "/companies/{id}", "/companies/{company}", None),
    ("POST", "/companies/list", "/companies/list", None),
    ("GET", "/companies/scroll", "/companies/scroll", None),
    ("GET", "/contacts/{id}/companies", "/contacts/{contact}/companies", None),
    ("GET", "/companies/{id}/contacts", "/companies/{company}/contacts", None),
    (
        "POST",
        "/conversations",
        "/conversations",
        lambda w: {"from": {"type": "user", "id": w["contact"]}, "body": "again"},
    ),
    ("GET", "/conversations/{id}", "/conversations/{conversation}", None),
    (
        "POST",
        "/conversations/search",
        "/conversations/search",
        lambda w: {"query": {"field": "open", "operator": "=", "value": True}},
    ),
    (
        "POST",
        "/conversations/{id}/reply",
        "/conversations/{conversation}/reply",
        lambda w: {"message_type": "comment", "type": "admin", "admin_id": w["admin"], "body": "reply"},
    ),
    (
        "POST",
        "/conversations/{id}/parts",
        "/conversations/{conversation}/parts",
        lambda w: {
            "message_type": "assignment",
            "type": "team",
            "admin_id": w["admin"],
            "assignee_id": w["team"],
        },
    ),
    (
        "POST",
        "/conversations/{conversation_id}/tags",
        "/conversations/{conversation}/tags",
        lambda w: {"id": w["tag"], "admin_id": w["admin"]},
    ),
    ("GET", "/ticket_types", "/ticket_types", None),
    (
        "POST",
        "/tickets",
        "/tickets",
        lambda w: {"ticket_type_id": w["ticket_type"], "contacts": [{"email": "t@example.com"}]},
    ),
    ("GET", "/tickets/{id}", "/tickets/{ticket}", None),
    (
        "POST",
        "/tickets/search",
        "/tickets/search",
        lambda w: {"query": {"field": "open", "operator": "=", "value": True}},
    ),
    ("DELETE", "/contacts/{id}", "/contacts/{contact}", None),
    # Catalog II: teammates, conversations, messages, tickets and ticket types, switch
    (
        "PUT",
        "/admins/{id}/away",
        "/admins/{admin}/away",
        lambda w: {"away_mode_enabled": True, "away_mode_reassign": True},
    ),
    ("GET", "/admins/activity_logs", "/admins/activity_logs?created_at_after=0", None),
    ("GET", "/teams/{id}", "/teams/{team}", None),
    ("PUT", "/conversations/{id}", "/conversations/{conversation}", lambda w: {"read": True}),
    ("POST", "/conversations/{id}/run_assignment_rules", "/conversations/{conversation}/run_assignment_rules", None),
    (
        "POST",
        "/conversations/{id}/convert",
        "/conversations/{conversation}/convert",
        lambda w: {"ticket_type_id": w["ticket_type"], "attributes": {"_default_title_": "From chat"}},
    ),
    (
        "POST",
        "/messages",
        "/messages",
        lambda w: {"message_type": "email", "subject": "Hi", "body": "Hello", "template": "plain",
                   "from": {"type": "admin", "id": int(w["admin"])}, "to": {"type": "user", "id": w["contact"]}},
    ),
    ("POST", "/phone_call_redirects", "/phone_call_redirects", lambda w: {"phone": "+353871234567"}),
    ("POST", "/ticket_types", "/ticket_types", lambda w: {"name": "Spec type", "category": "Tracker"}),
    ("GET", "/ticket_types/{id}", "/ticket_types/{ticket_type}", None),
    ("PUT", "/ticket_types/{id}", "/ticket_types/{ticket_type}", lambda w: {"description": "Renamed"}),
    (
        "POST",
        "/ticket_types/{ticket_type_id}/attributes",
        "/ticket_types/{ticket_type}/attributes",
        lambda w: {"name": "Severity", "description": "How bad", "data_type": "list", "list_items": "Low,High"},
    ),
    ("PUT", "/tickets/{id}", "/tickets/{ticket}", lambda w: {"state": "in_progress", "open": True}),
    (
        "POST",
        "/tickets/{id}/reply",
        "/tickets/{ticket}/reply",
        lambda w: {"message_type": "note", "type": "admin", "admin_id": w["admin"], "body": "Looking"},
    ),
]


@pytest.mark.parametrize(("method", "template", "path", "body"), CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
async def test_response_matches_spec(spec, definitions, world, method, template, path, body) -> None:
    sandbox: Sandbox = world["sandbox"]
    url = path.format(**world)
    response = await sandbox.client.request(method, url, json=body(world) if body else None)
    assert response.status_code == 200, response.text
    validate(definitions, response_schema(spec, method, template, 200), response.json())


async def test_conversation_list_matches_conversation_list_schema(spec, definitions, world) -> None:
    # The 2.10 spec points GET /conversations at a news-item `paginated_response`; what the
    # API really returns (and the spec's own example shows) is a `conversation_list`.
    response = await world["sandbox"].client.get("/conversations")
    validate(definitions, {"$ref": "#/components/schemas/conversation_list"}, response.json())


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/contacts/nope", 404), ("POST", "/contacts", 400), ("GET", "/admins/0", 404)],
)
async def test_errors_match_error_schema(definitions, world, method, path, status) -> None:
    response = await world["sandbox"].client.request(method, path, json={} if method == "POST" else None)
    assert response.status_code == status
    validate(definitions, {"$ref": "#/components/schemas/error"}, response.json())


@pytest.mark.parametrize(
    ("schema", "path"),
    [
        ("contact", "/contacts/{contact}"),
        ("conversation", "/conversations/{conversation}"),
        ("company", "/companies/{company}"),
        ("admin", "/admins/{admin}"),
        ("note", "/notes/{note}"),
        ("team", "/teams/{team}"),
    ],
)
async def test_main_objects_carry_every_property_the_spec_declares(spec, world, schema, path) -> None:
    declared = set(spec["components"]["schemas"][schema]["properties"])
    response = await world["sandbox"].client.get(path.format(**world))
    missing = declared - set(response.json())
    # `team_priority_level` only exists on admins of workspaces using team priorities.
    assert missing <= {"team_priority_level"}, f"{schema} lacks {sorted(missing)}"


SCHEMA_DIR = Path(__file__).resolve().parents[2] / "intercom" / "schemas"


@pytest.mark.parametrize(
    ("schema", "path", "items"),
    [
        ("contact", "/contacts", "data"),
        ("conversation", "/conversations/{conversation}", None),
        ("conversation", "/conversations", "conversations"),
        ("company", "/companies/{company}", None),
        ("admin", "/me", None),
        ("admin", "/admins", "admins"),
        ("team", "/teams", "teams"),
        ("tag", "/tags", "data"),
        ("note", "/contacts/{contact}/notes", "data"),
        ("ticket", "/tickets/{ticket}", None),
        ("ticket_type", "/ticket_types", "ticket_types"),
    ],
)
async def test_answers_fit_the_live_item_schemas(world, schema: str, path: str, items: str | None) -> None:
    # The sandbox plays the live API, so what it sends must be what our output ports promise.
    item_schema = json.loads((SCHEMA_DIR / f"{schema}.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(item_schema)
    body = (await world["sandbox"].client.get(path.format(**world))).json()
    records = body[items] if items else [body]
    assert records
    problems = [f"{list(e.absolute_path)}: {e.message}" for r in records for e in validator.iter_errors(r)]
    assert problems == []
