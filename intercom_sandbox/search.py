"""Intercom's search query language: validation, evaluation and sort handling.

A query is one filter `{field, operator, value}` or a group `{operator: AND|OR, value: [...]}`.
Each searchable resource declares its fields with a kind; the kind decides which operators
are legal and how values compare. Contact dates are compared by UTC calendar day, the way
Intercom documents it for contacts; conversation and ticket dates compare to the second.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .clock import SECONDS_PER_DAY, day_start
from .errors import invalid, missing
from .pagination import Page, SortOrder, cursor_page, parse_per_page

if TYPE_CHECKING:
    from .store import SandboxStore

MAX_GROUP_DEPTH = 2
MAX_FILTERS_PER_GROUP = 15

Record = dict[str, Any]
Getter = Callable[["SandboxStore", Record], Any]
Predicate = Callable[["SandboxStore", Record], bool]

_STRING_OPS = frozenset({"=", "!=", "IN", "NIN", "~", "!~", "^", "$"})
_NUMBER_OPS = frozenset({"=", "!=", "IN", "NIN", ">", "<", ">=", "<="})
_ALL_OPS = _STRING_OPS | _NUMBER_OPS


@dataclass(frozen=True)
class Field:
    """A searchable field.

    kind: string | integer | date | boolean | list (a multi-valued string field) |
          words (matched word by word, like `source.body`) | any (custom attributes).
    operators: legal operators; defaults follow from the kind.
    day_granular: compare dates by calendar day (contacts only).
    """

    kind: str
    get: Getter
    operators: frozenset[str] | None = None
    day_granular: bool = False

    def allowed(self) -> frozenset[str]:
        if self.operators is not None:
            return self.operators
        if self.kind == "date" and self.day_granular:
            return frozenset({"=", ">", "<"})
        return {
            "string": _STRING_OPS,
            "words": _STRING_OPS,
            "list": frozenset({"=", "!=", "IN", "NIN"}),
            "integer": _NUMBER_OPS,
            "date": _NUMBER_OPS,
            "boolean": frozenset({"=", "!="}),
        }.get(self.kind, _ALL_OPS)


@dataclass(frozen=True)
class SearchSchema:
    """The searchable fields of one resource; `prefixes` cover open-ended names."""

    resource: str
    fields: dict[str, Field]
    prefixes: dict[str, Callable[[str], Field]]

    def field(self, name: Any) -> Field:
        if not isinstance(name, str) or not name:
            raise invalid("each filter needs a field name", "query")
        if name in self.fields:
            return self.fields[name]
        for prefix, make in self.prefixes.items():
            if name.startswith(prefix) and len(name) > len(prefix):
                return make(name[len(prefix) :])
        raise invalid(f"'{name}' is not a searchable {self.resource} field", "query")


# ---- query compilation ----------------------------------------------------------------------


def compile_query(schema: SearchSchema, query: Any, depth: int = 0) -> Predicate:
    """Validate ``query`` against ``schema`` and return a predicate over records."""
    if not isinstance(query, dict):
        raise invalid("query must be an object", "query")
    operator = query.get("operator")
    if "field" not in query and operator in ("AND", "OR"):
        return _compile_group(schema, operator, query.get("value"), depth + 1)
    return _compile_filter(schema, query)


def _compile_group(schema: SearchSchema, operator: str, members: Any, depth: int) -> Predicate:
    if depth > MAX_GROUP_DEPTH:
        raise invalid(f"queries may nest at most {MAX_GROUP_DEPTH} AND/OR levels", "query")
    if not isinstance(members, list) or not members:
        raise invalid(f"{operator} needs a non-empty list of filters", "query")
    if len(members) > MAX_FILTERS_PER_GROUP:
        raise invalid(f"an {operator} group may hold at most {MAX_FILTERS_PER_GROUP} filters", "query")
    predicates = [compile_query(schema, member, depth) for member in members]
    if operator == "AND":
        return lambda store, record: all(p(store, record) for p in predicates)
    return lambda store, record: any(p(store, record) for p in predicates)


def _compile_filter(schema: SearchSchema, query: dict[str, Any]) -> Predicate:
    name = query.get("field")
    field = schema.field(name)
    operator = query.get("operator")
    if operator not in _ALL_OPS:
        raise invalid(f"operator {operator!r} is not supported", "query")
    if operator not in field.allowed():
        detail = " (date fields are compared by day)" if field.kind == "date" and field.day_granular else ""
        raise invalid(f"operator {operator!r} is not supported for field '{name}'{detail}", "query")
    value = query.get("value")
    if operator in ("IN", "NIN"):
        if not isinstance(value, list):
            raise invalid(f"{operator} needs an array value", "query")
        values = [_coerce(field, name, v) for v in value]
        matches = _matcher(field, "=", None)

        def any_equal(actual: Any) -> bool:
            return any(matches(actual, v) for v in values)

        test = any_equal if operator == "IN" else (lambda actual: not any_equal(actual))
    else:
        if isinstance(value, list):
            raise invalid(f"operator {operator!r} needs a single value", "query")
        if value is None and operator not in ("=", "!="):
            raise invalid(f"operator {operator!r} needs a value", "query")
        expected = _coerce(field, name, value)
        matches = _matcher(field, operator, expected)

        def test(actual: Any) -> bool:
            return matches(actual, expected)

    getter = field.get
    return lambda store, record: test(getter(store, record))


def _coerce(field: Field, name: str, value: Any) -> Any:
    """Check a filter value against the field's kind (numeric strings count as numbers)."""
    if value is None:
        return None
    kind = field.kind
    if kind in ("integer", "date"):
        if isinstance(value, bool):
            raise invalid(f"'{name}' expects a number", "query")
        if isinstance(value, int | float):
            return int(value)
        if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
            return int(value)
        raise invalid(f"'{name}' expects a number, got {value!r}", "query")
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise invalid(f"'{name}' expects a boolean", "query")
    if kind in ("string", "list", "words"):
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise invalid(f"'{name}' expects a string", "query")
        return str(value)
    return value


def _is_blank(actual: Any) -> bool:
    return actual is None or actual == "" or actual == []


def _matcher(field: Field, operator: str, expected: Any) -> Callable[[Any, Any], bool]:
    """How one record value is tested against one filter value."""
    if operator == "!=":
        equal = _matcher(field, "=", expected)
        return lambda actual, value: not equal(actual, value)
    if operator == "!~":
        contains = _matcher(field, "~", expected)
        return lambda actual, value: not contains(actual, value)

    if field.kind == "date" and field.day_granular:
        return _day_matcher(operator)

    if operator == "=":
        return _equals(field)
    if operator in ("~", "^", "$"):
        return _text_matcher(field, operator)
    return _ordering_matcher(operator)


def _day_matcher(operator: str) -> Callable[[Any, Any], bool]:
    def test(actual: Any, value: Any) -> bool:
        if value is None:
            return actual is None
        if actual is None:
            return False
        start = day_start(value)
        if operator == "=":
            return start <= actual < start + SECONDS_PER_DAY
        if operator == ">":
            return actual >= start + SECONDS_PER_DAY
        return actual < start  # "<"

    return test


def _equals(field: Field) -> Callable[[Any, Any], bool]:
    def test(actual: Any, value: Any) -> bool:
        if value is None:
            return _is_blank(actual)
        if actual is None:
            return False
        if field.kind == "list":
            return any(str(item).lower() == str(value).lower() for item in actual)
        if field.kind == "words":
            return str(value).lower() in _words(actual)
        if isinstance(actual, bool) or isinstance(value, bool):
            return actual is value or str(actual).lower() == str(value).lower()
        if isinstance(actual, int | float) and isinstance(value, int | float):
            return actual == value
        return str(actual).lower() == str(value).lower()

    return test


def _text_matcher(field: Field, operator: str) -> Callable[[Any, Any], bool]:
    def test(actual: Any, value: Any) -> bool:
        if actual is None or value is None:
            return False
        texts = [str(a).lower() for a in actual] if field.kind == "list" else [_plain(actual).lower()]
        needle = str(value).lower()
        if operator == "~":
            return any(needle in text for text in texts)
        if operator == "^":
            return any(text.startswith(needle) for text in texts)
        return any(text.endswith(needle) for text in texts)

    return test


def _ordering_matcher(operator: str) -> Callable[[Any, Any], bool]:
    def test(actual: Any, value: Any) -> bool:
        if actual is None or value is None or isinstance(actual, bool):
            return False
        try:
            a, v = float(actual), float(value)
        except (TypeError, ValueError):
            return False
        return {">": a > v, "<": a < v, ">=": a >= v, "<=": a <= v}[operator]

    return test


_TAG_RE = re.compile(r"<[^>]+>")


def _plain(value: Any) -> str:
    return _TAG_RE.sub(" ", str(value))


def _words(value: Any) -> set[str]:
    return set(re.findall(r"[\w'@.-]+", _plain(value).lower()))


# ---- sorting --------------------------------------------------------------------------------


def sort_order(schema: SearchSchema, sort: Any) -> SortOrder:
    """The optional `sort: {field, order}` of a search body; creation order when absent."""
    if sort is None:
        return SortOrder()
    if not isinstance(sort, dict):
        raise invalid("sort must be an object", "sort")
    order = sort.get("order", "descending")
    if order not in ("ascending", "descending"):
        raise invalid("sort order must be ascending or descending", "sort")
    field = schema.field(sort.get("field"))
    getter = field.get
    return SortOrder(
        value_of=lambda record: _sortable(getter(None, record)), descending=order == "descending"
    )


def _sortable(value: Any) -> Any:
    return None if isinstance(value, list | dict) else value


# ---- field tables -----------------------------------------------------------------------------


def _key(name: str) -> Getter:
    return lambda store, record: record.get(name)


def _path(*names: str) -> Getter:
    def get(store: SandboxStore | None, record: Record) -> Any:
        value: Any = record
        for name in names:
            if not isinstance(value, dict):
                return None
            value = value.get(name)
        return value

    return get


def _custom(container: str) -> Callable[[str], Field]:
    return lambda name: Field("any", _path(container, name))


def _contact_tags(store: SandboxStore | None, record: Record) -> list[str]:
    return list(store.contact_tags.get(record["id"], {})) if store is not None else []


def _email_domain(store: SandboxStore | None, record: Record) -> str | None:
    email = record.get("email") or ""
    return email.rpartition("@")[2] if "@" in email else None


_CONTACT_STRINGS = (
    "id", "role", "name", "email", "phone", "external_id", "language_override", "browser",
    "browser_language", "os", "ios_app_version", "ios_device", "ios_os_version", "ios_app_name",
    "ios_sdk_version", "android_app_version", "android_device", "android_app_name", "android_sdk_version",
)  # fmt: skip
_CONTACT_DATES = (
    "created_at", "signed_up_at", "updated_at", "last_seen_at", "last_contacted_at", "last_replied_at",
    "last_email_opened_at", "last_email_clicked_at", "ios_last_seen_at", "android_last_seen_at",
)  # fmt: skip

CONTACT_SEARCH = SearchSchema(
    resource="contact",
    fields={
        **{name: Field("string", _key(name)) for name in _CONTACT_STRINGS},
        **{name: Field("date", _key(name), day_granular=True) for name in _CONTACT_DATES},
        "avatar": Field("string", _key("avatar")),
        "email_domain": Field("string", _email_domain),
        "owner_id": Field("integer", _key("owner_id")),
        "location.country": Field("string", _path("location", "country")),
        "location.region": Field("string", _path("location", "region")),
        "location.city": Field("string", _path("location", "city")),
        "unsubscribed_from_emails": Field("boolean", _key("unsubscribed_from_emails")),
        "marked_email_as_spam": Field("boolean", _key("marked_email_as_spam")),
        "has_hard_bounced": Field("boolean", _key("has_hard_bounced")),
        # The spec's own typo, kept so queries copied from its table still work.
        "andoid_sdk_version": Field("string", _key("android_sdk_version")),
        "ios_app_device": Field("string", _key("ios_device")),
        "tag_id": Field("list", _contact_tags, operators=frozenset({"=", "!="})),
        "segment_id": Field("list", lambda store, record: []),
    },
    prefixes={"custom_attributes.": _custom("custom_attributes")},
)


def _conversation_tag_ids(store: SandboxStore | None, record: Record) -> list[str]:
    return list(record["_tags"])


CONVERSATION_SEARCH = SearchSchema(
    resource="conversation",
    fields={
        "id": Field("string", _key("id")),
        "created_at": Field("date", _key("created_at")),
        "updated_at": Field("date", _key("updated_at")),
        "waiting_since": Field("date", _key("waiting_since")),
        "snoozed_until": Field("date", _key("snoozed_until")),
        "source.type": Field("string", _path("source", "type")),
        "source.id": Field("string", _path("source", "id")),
        "source.delivered_as": Field("string", _path("source", "delivered_as")),
        "source.subject": Field("string", _path("source", "subject")),
        "source.body": Field("words", _path("source", "body")),
        "source.author.id": Field("string", _path("source", "author", "id")),
        "source.author.type": Field("string", _path("source", "author", "type")),
        "source.author.name": Field("string", _path("source", "author", "name")),
        "source.author.email": Field("string", _path("source", "author", "email")),
        "source.url": Field("string", _path("source", "url")),
        "contact_ids": Field("list", _key("contact_ids")),
        "teammate_ids": Field("list", _key("teammate_ids")),
        "admin_assignee_id": Field("string", _key("admin_assignee_id")),
        "team_assignee_id": Field("string", _key("team_assignee_id")),
        "channel_initiated": Field("string", _key("channel_initiated")),
        "open": Field("boolean", _key("open")),
        "read": Field("boolean", _key("read")),
        "state": Field("string", _key("state")),
        "priority": Field("string", _key("priority")),
        "tag_ids": Field("list", _conversation_tag_ids),
    },
    prefixes={
        "statistics.": _custom("statistics"),
        "custom_attributes.": _custom("custom_attributes"),
        "conversation_rating.": _custom("_rating"),
    },
)

TICKET_SEARCH = SearchSchema(
    resource="ticket",
    fields={
        "id": Field("string", _key("id")),
        "created_at": Field("date", _key("created_at")),
        "updated_at": Field("date", _key("updated_at")),
        "snoozed_until": Field("date", _key("snoozed_until")),
        "title": Field("string", _path("ticket_attributes", "_default_title_")),
        "description": Field("string", _path("ticket_attributes", "_default_description_")),
        "category": Field("string", _key("category")),
        "ticket_type_id": Field("string", _key("ticket_type_id")),
        "contact_ids": Field("list", _key("contact_ids")),
        "teammate_ids": Field("list", _key("teammate_ids")),
        "admin_assignee_id": Field("string", _key("admin_assignee_id")),
        "team_assignee_id": Field("string", _key("team_assignee_id")),
        "open": Field("boolean", _key("open")),
        "state": Field("string", _key("ticket_state")),
    },
    prefixes={"ticket_attribute.": _custom("ticket_attributes")},
)


def run_search(store: SandboxStore, schema: SearchSchema, records: list[Record], query: Any) -> list[Record]:
    predicate = compile_query(schema, query)
    return [record for record in records if predicate(store, record)]


def paged_search(
    store: SandboxStore,
    schema: SearchSchema,
    records: list[Record],
    body: dict[str, Any],
    default_per_page: int,
) -> Page:
    """A whole search request: validate, filter, sort, then cut the requested page."""
    if "query" not in body:
        raise missing("query")
    pagination = body.get("pagination") or {}
    if not isinstance(pagination, dict):
        raise invalid("pagination must be an object", "pagination")
    per_page = parse_per_page(pagination.get("per_page"), default_per_page)
    matches = run_search(store, schema, records, body["query"])
    order = sort_order(schema, body.get("sort"))
    return cursor_page(matches, order, per_page=per_page, starting_after=pagination.get("starting_after"))
