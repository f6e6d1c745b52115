"""Visitor identifiers: Intercom's id, and the user ID the Messenger gave the visitor."""

from __future__ import annotations

from typing import Any

from .inputs import Input, identifier


def visitor_id(**more: Any) -> Input:
    return identifier(
        "visitorId", "Visitor ID",
        more.pop("tooltip", "The visitor's Intercom ID, e.g. 6657ad6f6abd0166b52ae3c2; or give the visitor "
                 "user ID instead."),
        what="an Intercom visitor ID: 24 hexadecimal characters", pattern="^[0-9a-f]{24}$", **more,
    )


def visitor_user_id(**more: Any) -> Input:
    return identifier(
        "visitorUserId", "Visitor user ID",
        more.pop("tooltip", "The user ID the Messenger gave the visitor, e.g. "
                 "8a88a590-e1c3-41e2-a502-e0649dbf721c."),
        what="a visitor user ID such as 8a88a590-e1c3-41e2-a502-e0649dbf721c", **more,
    )
