"""Workspace level: the token's admin (`/me`), teammates (away mode, activity logs) and teams."""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from . import render
from .endpoint import Call, endpoint
from .errors import invalid, missing
from .pagination import number_page, page_numbers

ACTIVITY_LOGS_PER_PAGE = 20


@endpoint
def identify_admin(call: Call) -> dict[str, Any]:
    # Every token belongs to the workspace's first admin: the one who "installed" the app.
    return render.me(call.store, call.store.default_admin())


@endpoint
def list_admins(call: Call) -> dict[str, Any]:
    return {"type": "admin.list", "admins": [render.admin(a) for a in call.store.admins.values()]}


@endpoint
def retrieve_admin(call: Call) -> dict[str, Any]:
    return render.admin(call.store.get_admin(call.path("id"), field="id"))


@endpoint
def set_away(call: Call) -> dict[str, Any]:
    store = call.store
    admin = store.get_admin(call.path("id"), field="id")
    body = call.json()
    for name in ("away_mode_enabled", "away_mode_reassign"):
        if name not in body:
            raise missing(name)
        if not isinstance(body[name], bool):
            raise invalid(f"{name} must be a boolean", name)
    admin.update(away_mode_enabled=body["away_mode_enabled"], away_mode_reassign=body["away_mode_reassign"])
    state = "away" if admin["away_mode_enabled"] else "back"
    details = {"away_mode": admin["away_mode_enabled"], "reassign_conversations": admin["away_mode_reassign"]}
    store.log_activity(admin, "admin_away_mode_change", f"{admin['name']} set themself {state}.", details)
    rendered = render.admin(admin)
    store.emit("admin.away_mode_updated", rendered)
    return rendered


def _unix_text(raw: str | None, name: str) -> int | None:
    if raw is None or raw == "":
        return None
    if not raw.strip().isdigit():
        raise invalid(f"{name} must be a unix timestamp", name)
    return int(raw)


@endpoint
def list_activity_logs(call: Call) -> dict[str, Any]:
    after = _unix_text(call.query.get("created_at_after"), "created_at_after")
    if after is None:
        raise missing("created_at_after")
    before = _unix_text(call.query.get("created_at_before"), "created_at_before")
    # Newest first, as Intercom lists them.
    entries = [e for e in reversed(call.store.activity_logs)
               if e["created_at"] >= after and (before is None or e["created_at"] <= before)]
    page, per_page = page_numbers(call.query, ACTIVITY_LOGS_PER_PAGE)
    listed = number_page(entries, page=page, per_page=per_page, next_url=call.page_url)
    return {
        "type": "activity_log.list",
        "pages": listed.pages,
        "activity_logs": [{k: v for k, v in e.items() if not k.startswith("_")} for e in listed.items],
    }


@endpoint
def list_teams(call: Call) -> dict[str, Any]:
    return {"type": "team.list", "teams": [render.team(t) for t in call.store.teams.values()]}


@endpoint
def retrieve_team(call: Call) -> dict[str, Any]:
    return render.team(call.store.get_team(call.path("id")))


routes = [
    Route("/me", identify_admin, methods=["GET"]),
    Route("/admins", list_admins, methods=["GET"]),
    Route("/admins/activity_logs", list_activity_logs, methods=["GET"]),
    Route("/admins/{id}", retrieve_admin, methods=["GET"]),
    Route("/admins/{id}/away", set_away, methods=["PUT"]),
    Route("/teams", list_teams, methods=["GET"]),
    Route("/teams/{id}", retrieve_team, methods=["GET"]),
]
