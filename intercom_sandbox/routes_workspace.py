"""Workspace-level reads: the token's admin (`/me`), teammates and teams."""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from . import render
from .endpoint import Call, endpoint


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
def list_teams(call: Call) -> dict[str, Any]:
    return {"type": "team.list", "teams": [render.team(t) for t in call.store.teams.values()]}


@endpoint
def retrieve_team(call: Call) -> dict[str, Any]:
    return render.team(call.store.get_team(call.path("id")))


routes = [
    Route("/me", identify_admin, methods=["GET"]),
    Route("/admins", list_admins, methods=["GET"]),
    Route("/admins/{id}", retrieve_admin, methods=["GET"]),
    Route("/teams", list_teams, methods=["GET"]),
    Route("/teams/{id}", retrieve_team, methods=["GET"]),
]
