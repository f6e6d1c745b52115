"""`describe NAME`: what a component takes and gives, read from its manifest.

Inputs come from the input port's schema (type, required, default, allowed values, range) and
its inspector (label, tooltip, the dropdown a value is picked from); a trigger's options from
its properties; outputs from each output port's schema, shared item schemas inlined.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from ..host import Bundle, Component
from ._common import fail, package_option


@click.command("describe")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the description as one JSON object.")
@package_option
def describe(name: str, as_json: bool, package_dir: Path) -> None:
    """Show a component's inputs (type, required, default, allowed values, tooltip), options and outputs."""
    try:
        component = Bundle.load(package_dir).find(name)
    except LookupError as exc:
        fail(str(exc), 2)
    info = component_info(component)
    if as_json:
        click.echo(json.dumps(info, indent=2, ensure_ascii=False))
        return
    click.echo("\n".join(render_text(info)))


# -- the description as data ----------------------------------------------------------------------


def component_info(component: Component) -> dict[str, Any]:
    manifest = component.manifest
    in_port = component.in_port("in") or {}
    properties = manifest.get("properties") or {}
    return {
        "name": component.name,
        "shortName": component.short_name,
        "label": component.label,
        "kind": "trigger" if component.is_trigger else "action",
        "description": component.description,
        "inputs": fields_of(in_port.get("schema") or {}, in_port.get("inspector") or {}),
        "inputRules": rules_of(in_port.get("schema") or {}),
        "properties": fields_of(properties.get("schema") or {}, properties.get("inspector") or {}),
        "outPorts": [port_info(port) for port in manifest.get("outPorts") or [] if isinstance(port, dict)],
    }


def fields_of(schema: dict[str, Any], inspector: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per field, in the inspector's order (fields it does not show come last)."""
    props: dict[str, Any] = schema.get("properties") or {}
    shown: dict[str, Any] = inspector.get("inputs") or {}
    required = set(schema.get("required") or [])
    order = sorted(props, key=lambda key: (key not in shown, (shown.get(key) or {}).get("index", 999)))
    return [_field(key, props[key] or {}, shown.get(key) or {}, key in required) for key in order]


def _field(key: str, schema: dict[str, Any], ui: dict[str, Any], required: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": key, "label": ui.get("label") or key, "type": type_of(schema),
                             "required": required}
    default = schema.get("default", ui.get("defaultValue"))
    if default is not None:
        entry["default"] = default
    labels = {o.get("value"): o.get("label") for o in ui.get("options") or [] if isinstance(o, dict)}
    allowed = schema.get("enum") or (schema.get("items") or {}).get("enum")
    if allowed:
        entry["allowed"] = [{"value": v, "label": labels.get(v)} if labels.get(v) else {"value": v}
                            for v in allowed]
    elif labels and not ui.get("source"):
        entry["allowed"] = [{"value": v, "label": label} for v, label in labels.items()]
    for word, bound in (("minimum", "min"), ("maximum", "max")):
        if schema.get(word) is not None:
            entry[word] = schema[word]
        elif ui.get(bound) is not None:
            entry[word] = ui[bound]
    if ui.get("source"):
        entry["dropdown"] = dropdown_of(ui["source"])
    if schema.get("description"):
        entry["form"] = schema["description"]
    if ui.get("tooltip"):
        entry["tooltip"] = ui["tooltip"]
    if ui.get("when"):
        entry["shownWhen"] = when_of(ui["when"])
    return entry


def type_of(schema: dict[str, Any]) -> str:
    """``string (email)``, ``integer or string (date-time)``, ``list of string``..."""
    for word in ("anyOf", "oneOf"):
        if isinstance(schema.get(word), list):
            kinds = [type_of(alt) for alt in schema[word] if isinstance(alt, dict)]
            kinds = [k for i, k in enumerate(kinds) if k and k not in kinds[:i]]
            return " or ".join(kinds) or "any"
    if isinstance(schema.get("allOf"), list):
        kinds = [type_of(alt) for alt in schema["allOf"] if isinstance(alt, dict)]
        return next((k for k in kinds if k != "any"), "any")
    kind = schema.get("type")
    if isinstance(kind, list):
        return " or ".join(str(k) for k in kind if k != "null") or "null"
    if kind == "array":
        return f"list of {type_of(schema.get('items') or {})}"
    if kind == "string" and schema.get("maxLength") == 0:
        return "empty string"
    if kind is None:
        return "object" if "properties" in schema else "any"
    fmt = schema.get("format")
    return f"{kind} ({fmt})" if fmt else str(kind)


def rules_of(schema: dict[str, Any]) -> list[str]:
    """Constraints across fields, said the way the input check says them."""
    rules = []
    for word, how in (("anyOf", "at least"), ("oneOf", "exactly")):
        groups = [alt.get("required") for alt in schema.get(word) or [] if isinstance(alt, dict)]
        if groups and all(groups):
            names = ", ".join(dict.fromkeys(n for g in groups for n in g))
            rules.append(f"give {how} one of: {names}")
    if schema.get("additionalProperties") is False:
        rules.append("no other fields")
    return rules


def dropdown_of(source: dict[str, Any]) -> dict[str, Any]:
    """Where a dropdown's choices come from: a component of the bundle, and the request it makes."""
    url = str(source.get("url") or "")
    parts = urlsplit(url)
    component = parts.path.rstrip("/").rsplit("/", 1)[-1] or url
    messages = (source.get("data") or {}).get("messages") or {}
    out: dict[str, Any] = {"component": component}
    if messages.get("in/method") and messages.get("in/path"):
        out["request"] = f"{messages['in/method']} {messages['in/path']}"
    return out


def when_of(when: dict[str, Any]) -> str:
    parts = []
    for op, conditions in when.items():
        for key, value in (conditions or {}).items():
            field = str(key).removeprefix("./")
            parts.append(f"{field} is {value!r}" if op == "eq" else f"{field} {op} {value!r}")
    return " and ".join(parts)


def port_info(port: dict[str, Any]) -> dict[str, Any]:
    schema = port.get("schema")
    info: dict[str, Any] = {"name": port.get("name"), "label": port.get("label") or port.get("name")}
    if not isinstance(schema, dict):
        return info
    if schema.get("maxProperties") == 0:
        info["fields"] = []
        info["note"] = "an empty message"
        return info
    alternatives = schema.get("anyOf") or schema.get("oneOf")
    if isinstance(alternatives, list):
        info["variants"] = [output_fields(alt) for alt in alternatives if isinstance(alt, dict)]
    else:
        info["fields"] = output_fields(schema)
    return info


def output_fields(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Top-level fields of an output schema, allOf parts merged."""
    merged: dict[str, Any] = {}
    for part in [schema, *(p for p in schema.get("allOf") or [] if isinstance(p, dict))]:
        for key, sub in (part.get("properties") or {}).items():
            merged.setdefault(key, sub if isinstance(sub, dict) else {})
    return [{"name": key, "type": type_of(sub), **({"title": sub["title"]} if sub.get("title") else {})}
            for key, sub in merged.items()]


# -- the description as text ----------------------------------------------------------------------


def render_text(info: dict[str, Any]) -> list[str]:
    width = min(shutil.get_terminal_size((100, 24)).columns, 110)
    lines = [f"{info['shortName']}  ({info['name']}, {info['kind']})", f"{info['label']}"]
    lines += textwrap.wrap(info["description"], width) if info["description"] else []
    if info["kind"] == "action":
        lines += ["", "Inputs (run --input JSON):"]
        lines += _fields_text(info["inputs"], width) or ["  none"]
        lines += [f"  Rules: {'; '.join(info['inputRules'])}"] if info["inputRules"] else []
    if info["properties"] or info["kind"] == "trigger":
        flag = "watch --properties JSON" if info["kind"] == "trigger" else "run --properties JSON"
        lines += ["", f"Options ({flag}):"]
        lines += _fields_text(info["properties"], width) or ["  none"]
    lines += ["", "Output ports:"]
    for port in info["outPorts"]:
        lines += _port_text(port, width)
    how = "watch" if info["kind"] == "trigger" else "run"
    arg = "--properties JSON" if how == "watch" else "--input JSON"
    lines += ["", f"Try it: intercom-connector {how} {info['shortName']} {arg}",
              "(add --pretty to read the output as indented JSON)"]
    return lines


def _fields_text(fields: list[dict[str, Any]], width: int) -> list[str]:
    name_width = min(max((len(f["name"]) for f in fields), default=0), 24)
    indent = " " * (4 + name_width)
    out = []
    for f in fields:
        facts = [f["type"]]
        if f["required"]:
            facts.append("required")
        if "allowed" in f:
            facts.append("one of: " + ", ".join(
                f"{a['value']} ({a['label']})" if a.get("label") else str(a["value"]) for a in f["allowed"]))
        if "minimum" in f or "maximum" in f:
            facts.append(f"{_number(f.get('minimum'))} to {_number(f.get('maximum'))}")
        if "default" in f:
            facts.append(f"default {json.dumps(f['default'])}")
        if "dropdown" in f:
            dropdown = f["dropdown"]
            via = f"{dropdown.get('request')} via {dropdown['component']}" if dropdown.get("request") \
                else dropdown["component"]
            facts.append(f"picked from {via}")
        if "shownWhen" in f:
            facts.append(f"when {f['shownWhen']}")
        head = f"  {f['name']:<{name_width}}  {f['label']}: " + "; ".join(facts)
        out += textwrap.wrap(head, width, subsequent_indent=indent)
        for extra in (f.get("form") and f"Form: {f['form']}.", f.get("tooltip")):
            if extra:
                out += textwrap.wrap(extra, width, initial_indent=indent, subsequent_indent=indent)
    return out


def _number(value: Any) -> str:
    return "…" if value is None else f"{value:,}" if isinstance(value, int) else str(value)


def _port_text(port: dict[str, Any], width: int) -> list[str]:
    head = f"  {port['name']} ({port['label']})"
    if port.get("note"):
        return [f"{head}: {port['note']}"]
    if "variants" in port:
        out = [f"{head}, one of:"]
        for variant in port["variants"]:
            out += textwrap.wrap(", ".join(f["name"] for f in variant) or "(any)", width,
                                 initial_indent="    - ", subsequent_indent="      ")
        return out
    names = ", ".join(f["name"] for f in port.get("fields") or []) or "(any)"
    return textwrap.wrap(f"{head}: {names}", width, subsequent_indent="      ")
