"""The output modes of list components, done once for all of them.

| outputType | emitted                                                     |
|------------|-------------------------------------------------------------|
| first      | the first record, plus ``index`` 0 and ``count``           |
| array      | one message ``{result: [...], count}``                      |
| object     | one message per record, each plus ``index`` and ``count``   |

``first`` and ``object`` send ``{}`` to the not-found port when nothing matched; ``array``
always answers, with an empty ``result`` when nothing matched.
"""

from __future__ import annotations

from typing import Any

OUTPUT_TYPES = ("first", "array", "object")
DEFAULT_LIMIT = 1000


async def send_records(
    context: Any,
    records: list[dict[str, Any]],
    output_type: str,
    *,
    port: str = "out",
    not_found_port: str | None = "notFound",
) -> None:
    count = len(records)
    if output_type == "array":
        await context.send_json({"result": records, "count": count}, port)
        return
    if not records:
        if not_found_port:
            await context.send_json({}, not_found_port)
        return
    chosen = records[:1] if output_type == "first" else records
    for index, record in enumerate(chosen):
        await context.send_json({**record, "index": index, "count": count}, port)


def output_port_options(output_type: str, item_schema: dict[str, Any], label: str) -> list[dict[str, Any]]:
    """Output variables for the Designer, matching what ``send_records`` emits."""
    count = {"label": "Count", "value": "count", "schema": {"type": "integer"}}
    if output_type == "array":
        items = {"type": "object", "properties": item_schema.get("properties", {})}
        return [count, {"label": label, "value": "result", "schema": {"type": "array", "items": items}}]
    options = [{"label": "Index", "value": "index", "schema": {"type": "integer"}}, count]
    for key, schema in (item_schema.get("properties") or {}).items():
        options.append({"label": schema.get("title", key), "value": key, "schema": schema})
    return options


def list_output_schema(item_schema: dict[str, Any]) -> dict[str, Any]:
    """The out port's JSON Schema across all modes: one record (+index, count) or the array."""
    item_props = item_schema.get("properties", {})
    return {
        "anyOf": [
            {
                "type": "object",
                "required": ["index", "count"],
                "properties": {**item_props, "index": {"type": "integer"}, "count": {"type": "integer"}},
            },
            {
                "type": "object",
                "required": ["result", "count"],
                "properties": {
                    "result": {"type": "array", "items": {"type": "object", "properties": item_props}},
                    "count": {"type": "integer"},
                },
            },
        ]
    }
