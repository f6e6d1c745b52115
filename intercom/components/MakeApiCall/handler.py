"""Make API Call: any Intercom request as the connected account, answered as {status, headers, body}."""

from typing import Any

from intercom.client import IntercomClient, check_request_headers
from intercom.kit import Action, Port, choice, json_value, key_value, text


async def call(context: Any, intercom: IntercomClient, v: dict[str, Any]) -> dict[str, Any]:
    headers = {str(k): str(value) for k, value in (v.get("headers") or {}).items()}
    check_request_headers(headers)  # reserved, framing and injected headers, before anything is sent
    path = intercom.url_for(v["path"])  # refuses other hosts before anything is sent
    response = await intercom.send(
        v.get("method", "GET"), path, params=v.get("query"), json=v.get("body"), headers=headers or None,
    )
    try:
        body: Any = response.json() if response.content else None
    except ValueError:
        body = response.text
    return {"status": response.status_code, "headers": dict(response.headers), "body": body}


component = Action(
    label="Make API Call",
    module="core",
    description=(
        "Calls any Intercom API 2.10 endpoint as the connected account, for what no other component "
        "covers. The path is relative to the account's Intercom host; URLs on any other host are "
        "refused so the account's token never leaves Intercom."
    ),
    inputs=[
        choice("method", "Method", "The HTTP method of the endpoint.",
               [("GET", "GET"), ("POST", "POST"), ("PUT", "PUT"), ("DELETE", "DELETE")], default="GET"),
        text("path", "Path", "The endpoint's path from Intercom's API 2.10 reference, e.g. /admins or "
             "/contacts/6657ac8a6abd0166b52ae266/tags.",
             pattern="^(/[!-~]*|https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[!-~]*)?)$", max_length=2048,
             form="a path such as /contacts, or a full https URL on the account's Intercom host",
             placeholder="/contacts", required=True),
        key_value("query", "Query parameters", "Added to the URL, e.g. per_page = 50.",
                  values={"type": ["string", "number", "boolean"]}),
        key_value("headers", "Extra headers",
                  "Authorization and Intercom-Version are set for you and cannot be changed here.",
                  values={"type": "string", "pattern": "^[\\x20-\\x7e]{0,1024}$",
                          "description": "printable ASCII (HTTP header values)"},
                  names={"type": "string", "pattern": "^[A-Za-z0-9-]{1,128}$",
                         "description": "a header name"},
                  key_label="Header"),
        json_value("body", "JSON body", "For POST and PUT: the request body as JSON, e.g. "
                   "{\"email\": \"ada@example.com\"}.", kinds=("object", "array")),
    ],
    run=call,
    out=Port("Response", {
        "type": "object",
        "required": ["status", "headers", "body"],
        "properties": {
            "status": {"type": "integer", "title": "Status code"},
            "headers": {"type": "object", "title": "Headers", "additionalProperties": {"type": "string"}},
            "body": {"title": "Body"},
        },
    }),
)
receive = component.receive
