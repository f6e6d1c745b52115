"""Transformers for dropdowns filled from the account (Appmixer's ``source.data.transform``)."""

from __future__ import annotations

from typing import Any


def _body(out: Any) -> Any:
    return out.get("body", out) if isinstance(out, dict) else out


def admins_to_options(out: Any) -> list[dict[str, Any]]:
    """Teammate Options (GET /admins) to select options (value: the admin id); a MakeApiCall
    answer of GET /admins works too."""
    return [{"label": _admin_label(a), "value": str(a["id"])}
            for a in _records(out, "admins") if a.get("id") is not None]


def _admin_label(admin: dict[str, Any]) -> str:
    name, email = admin.get("name"), admin.get("email")
    return f"{name} ({email})" if name and email else str(name or email or admin["id"])


def _records(out: Any, key: str = "data") -> list[dict[str, Any]]:
    """The records a private list component emitted (``{result: [...]}``), or a raw list body."""
    body = _body(out)
    if not isinstance(body, dict):
        return []
    records = body.get("result", body.get(key))
    return [r for r in records if isinstance(r, dict)] if isinstance(records, list) else []


def tags_to_options(out: Any) -> list[dict[str, Any]]:
    """Tag Options (GET /tags) to select options (value: the tag id)."""
    return [{"label": str(t.get("name") or t["id"]), "value": str(t["id"])}
            for t in _records(out) if t.get("id") is not None]


def tag_names_to_options(out: Any) -> list[dict[str, Any]]:
    """Tag Options to select options whose value is the tag's name (POST /tags takes names)."""
    return [{"label": str(t["name"]), "value": str(t["name"])} for t in _records(out) if t.get("name")]


def segments_to_options(out: Any) -> list[dict[str, Any]]:
    """Segment Options (GET /segments) to select options (value: the segment id)."""
    return [{"label": str(s.get("name") or s["id"]), "value": str(s["id"])}
            for s in _records(out, "segments") if s.get("id") is not None]


def subscription_types_to_options(out: Any) -> list[dict[str, Any]]:
    """Subscription Type Options (GET /subscription_types) to options, labelled by name and consent."""
    options = []
    for record in _records(out):
        if record.get("id") is None:
            continue
        name = (record.get("default_translation") or {}).get("name") or str(record["id"])
        consent = {"opt_in": "opt-in", "opt_out": "opt-out"}.get(str(record.get("consent_type")))
        options.append({"label": f"{name} ({consent})" if consent else name, "value": str(record["id"])})
    return options


def _attribute_label(attribute: dict[str, Any]) -> str:
    return str(attribute.get("label") or attribute.get("name"))


def custom_attributes_to_options(out: Any) -> list[dict[str, Any]]:
    """Data Attribute Options to the custom attributes one can write (value: the attribute name)."""
    return [{"label": _attribute_label(a), "value": str(a["name"])} for a in _records(out)
            if a.get("custom") and a.get("name") and a.get("api_writable", True) and not a.get("archived")]


def custom_attribute_ids_to_options(out: Any) -> list[dict[str, Any]]:
    """Data Attribute Options to the custom attributes by id (only custom ones have an id)."""
    return [{"label": f"{_attribute_label(a)} ({a.get('model')})" if a.get("model") else _attribute_label(a),
             "value": str(a["id"])} for a in _records(out) if a.get("custom") and a.get("id") is not None]


def searchable_attributes_to_options(out: Any) -> list[dict[str, Any]]:
    """Data Attribute Options to search builder fields (value: the full name, e.g. custom_attributes.plan)."""
    return [{"label": _attribute_label(a), "value": str(a.get("full_name") or a["name"])}
            for a in _records(out) if a.get("name") and not a.get("archived")]


def help_centers_to_options(out: Any) -> list[dict[str, Any]]:
    """Help Center Options (GET /help_center/help_centers) to select options (value: the id)."""
    return [{"label": str(h.get("display_name") or h.get("identifier") or h["id"]), "value": str(h["id"])}
            for h in _records(out) if h.get("id") is not None]


def collections_to_options(out: Any) -> list[dict[str, Any]]:
    """Collection Options (GET /help_center/collections) to select options (value: the id)."""
    return [{"label": str(c.get("name") or c["id"]), "value": str(c["id"])}
            for c in _records(out) if c.get("id") is not None]


def newsfeeds_to_options(out: Any) -> list[dict[str, Any]]:
    """Newsfeed Options (GET /news/newsfeeds) to select options (value: the newsfeed id)."""
    return [{"label": str(f.get("name") or f["id"]), "value": str(f["id"])}
            for f in _records(out) if f.get("id") is not None]


def teams_to_options(out: Any) -> list[dict[str, Any]]:
    """Team Options (GET /teams) to select options (value: the team id)."""
    return [{"label": str(t.get("name") or t["id"]), "value": str(t["id"])}
            for t in _records(out, "teams") if t.get("id") is not None]


def ticket_types_to_options(out: Any) -> list[dict[str, Any]]:
    """Ticket Type Options (GET /ticket_types) to select options, archived types left out."""
    return [{"label": f"{t.get('name') or t['id']} ({t['category']})" if t.get("category")
             else str(t.get("name") or t["id"]), "value": str(t["id"])}
            for t in _records(out, "ticket_types") if t.get("id") is not None and not t.get("archived")]


def ticket_type_attributes_to_options(out: Any) -> list[dict[str, Any]]:
    """Ticket Type Attribute Options (one ticket type's attributes) to select options (value: the id)."""
    return [{"label": f"{a.get('name') or a['id']} ({a['data_type']})" if a.get("data_type")
             else str(a.get("name") or a["id"]), "value": str(a["id"])}
            for a in _records(out, "ticket_type_attributes") if a.get("id") is not None]
