"""Companies: upsert by `company_id`, lookups, page-number listing and the scroll API."""

from __future__ import annotations

import uuid
from typing import Any

from starlette.routing import Route

from . import render
from .endpoint import Call, endpoint
from .errors import ApiError, invalid
from .pagination import Records, SortOrder, number_page, page_numbers
from .people import get_segment, members, render_segment, segments_of
from .store import CompanyScroll, SandboxStore

COMPANIES_PER_PAGE = 15
COMPANY_CONTACTS_PER_PAGE = 15
SCROLL_PAGE_SIZE = 15
# An idle scroll expires after a minute; until then it blocks a second scroll.
SCROLL_IDLE_SECONDS = 60

_INT_FIELDS = ("size", "remote_created_at", "monthly_spend")
_STR_FIELDS = ("name", "website", "industry")
_MAX_MONTHLY_SPEND = 2**31 - 1


def _company_fields(store: SandboxStore, body: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name in _STR_FIELDS:
        if body.get(name) is not None:
            if not isinstance(body[name], str):
                raise invalid(f"{name} must be a string", name)
            fields[name] = body[name]
    for name in _INT_FIELDS:
        if body.get(name) is not None:
            value = body[name]
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise invalid(f"{name} must be a number", name)
            fields[name] = int(value)
    if "monthly_spend" in fields:
        # Intercom truncates spend to an integer that fits 32 bits.
        fields["monthly_spend"] = min(fields["monthly_spend"], _MAX_MONTHLY_SPEND)
    if body.get("plan") is not None:
        if not isinstance(body["plan"], str):
            raise invalid("plan must be a string", "plan")
        fields["plan"] = {"id": store.number_id("plan", 801), "name": body["plan"]}
    custom = body.get("custom_attributes")
    if custom is not None:
        if not isinstance(custom, dict) or any(isinstance(v, dict | list) for v in custom.values()):
            raise invalid("custom_attributes must map names to scalar values", "custom_attributes")
        fields["custom_attributes"] = custom
    return fields


def _apply(company: dict[str, Any], fields: dict[str, Any], now: int) -> None:
    custom = fields.pop("custom_attributes", None)
    company.update(fields)
    if custom:
        company["custom_attributes"].update(custom)
    company["updated_at"] = now


def _find_by_company_id(store: SandboxStore, company_id: str) -> dict[str, Any] | None:
    return next((c for c in store.companies.values() if c["company_id"] == company_id), None)


@endpoint
def create_or_update_company(call: Call) -> dict[str, Any]:
    store = call.store
    body = call.json()
    fields = _company_fields(store, body)
    company_id = body.get("company_id")
    if company_id is not None and not isinstance(company_id, str | int):
        raise invalid("company_id must be a string", "company_id")
    existing = _find_by_company_id(store, str(company_id)) if company_id is not None else None
    if existing is not None:
        _apply(existing, fields, store.now())
        rendered = render.company(store, existing)
        store.emit("company.updated", rendered)
        return rendered
    if company_id is None and not fields.get("name"):
        raise ApiError(400, "bad_request", "company_id or name is required to create a company")
    custom = fields.pop("custom_attributes", {})
    company = store.add_company({**fields, "company_id": str(company_id or store.hex_id())})
    company["custom_attributes"].update(custom)
    rendered = render.company(store, company)
    store.emit("company.created", rendered)
    return rendered


@endpoint
def retrieve_company(call: Call) -> dict[str, Any]:
    return render.company(call.store, call.store.get_company(call.path("id")))


@endpoint
def update_company(call: Call) -> dict[str, Any]:
    store = call.store
    company = store.get_company(call.path("id"))
    body = dict(call.json())
    body.pop("company_id", None)  # immutable once created
    _apply(company, _company_fields(store, body), store.now())
    rendered = render.company(store, company)
    store.emit("company.updated", rendered)
    return rendered


@endpoint
def delete_company(call: Call) -> dict[str, Any]:
    store = call.store
    company = store.get_company(call.path("id"))
    del store.companies[company["id"]]
    store.detach_contacts(company["id"])
    store.emit(
        "company.deleted", {"type": "company", "id": company["id"], "company_id": company["company_id"]}
    )
    return {"id": company["id"], "object": "company", "deleted": True}


def _company_list(store: SandboxStore, companies: Records, call: Call) -> dict[str, Any]:
    page, per_page = page_numbers(call.query, COMPANIES_PER_PAGE)
    listed = number_page(companies, page=page, per_page=per_page, next_url=call.page_url)
    return listed.body("list", "data", lambda c: render.company(store, c))


@endpoint
def find_companies(call: Call) -> dict[str, Any]:
    """`GET /companies`: one company by company_id/name, or a filtered page of them."""
    store = call.store
    query = call.query
    if query.get("company_id") or query.get("name"):
        wanted_id, wanted_name = query.get("company_id"), query.get("name")
        for company in store.companies.values():
            if (wanted_id and company["company_id"] == wanted_id) or (
                wanted_name and (company["name"] or "").lower() == wanted_name.lower()
            ):
                return render.company(store, company)
        raise ApiError(404, "company_not_found", "Company Not Found")
    if not (query.get("tag_id") or query.get("segment_id")):
        return _company_list(store, store.companies, call)  # the table pages in creation order
    companies = list(store.companies.values())
    if query.get("tag_id"):
        companies = [c for c in companies if query["tag_id"] in c["tag_ids"]]
    elif query.get("segment_id"):
        companies = members(store, get_segment(store, query["segment_id"]))
    return _company_list(store, SortOrder().sort(companies), call)


@endpoint
def list_company_contacts(call: Call) -> dict[str, Any]:
    """`GET /companies/{id}/contacts`: the company's contacts, page by page."""
    store = call.store
    company = store.get_company(call.path("id"))
    linked = store.contact_companies
    contacts = [c for c in store.contacts.values() if company["id"] in linked.get(c["id"], [])]
    page, per_page = page_numbers(call.query, COMPANY_CONTACTS_PER_PAGE)
    listed = number_page(SortOrder().sort(contacts), page=page, per_page=per_page, next_url=call.page_url)
    return listed.body("list", "data", lambda c: render.contact(store, c))


@endpoint
def list_company_segments(call: Call) -> dict[str, Any]:
    store = call.store
    company = store.get_company(call.path("id"))
    segments = segments_of(store, company, "company")
    return {"type": "list", "data": [render_segment(store, s) for s in segments]}


@endpoint
def list_companies(call: Call) -> dict[str, Any]:
    order = call.query.get("order", "desc")
    if order not in ("asc", "desc"):
        raise invalid("order must be asc or desc", "order")
    ordering = SortOrder(value_of=lambda c: c["last_request_at"], descending=order == "desc")
    return _company_list(call.store, ordering.sort(list(call.store.companies.values())), call)


@endpoint
def scroll_companies(call: Call) -> dict[str, Any]:
    store = call.store
    now = store.clock.time()
    scroll = store.company_scroll
    if scroll is not None and now - scroll.last_used > SCROLL_IDLE_SECONDS:
        scroll = store.company_scroll = None
    param = call.query.get("scroll_param")
    if not param:
        if scroll is not None:
            raise ApiError(
                400, "scroll_exists", "A scroll already exists for this workspace; finish it or wait a minute"
            )
        scroll = store.company_scroll = CompanyScroll(param=str(uuid.uuid4()), offset=0, last_used=now)
    elif scroll is None or scroll.param != param:
        raise ApiError(404, "not_found", "Scroll parameter not found or expired")
    items = store.companies.in_order(scroll.offset, scroll.offset + SCROLL_PAGE_SIZE)
    scroll.offset += len(items)
    scroll.last_used = now
    if not items:
        store.company_scroll = None  # the end of the scroll closes it
    return {
        "type": "list",
        "data": [render.company(store, c) for c in items],
        "pages": None,
        "total_count": None,
        "scroll_param": scroll.param,
    }


routes = [
    Route("/companies", find_companies, methods=["GET"]),
    Route("/companies", create_or_update_company, methods=["POST"]),
    Route("/companies/list", list_companies, methods=["POST"]),
    Route("/companies/scroll", scroll_companies, methods=["GET"]),
    Route("/companies/{id}", retrieve_company, methods=["GET"]),
    Route("/companies/{id}", update_company, methods=["PUT"]),
    Route("/companies/{id}", delete_company, methods=["DELETE"]),
    Route("/companies/{id}/contacts", list_company_contacts, methods=["GET"]),
    Route("/companies/{id}/segments", list_company_segments, methods=["GET"]),
]
