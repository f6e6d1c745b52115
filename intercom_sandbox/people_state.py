"""The tables of segments, subscriptions, data attributes, events, visitors and archived contacts,
kept apart so the store can hold them without importing the logic (people.py) that works on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class PeopleState:
    archived_contacts: dict[str, dict[str, Any]] = field(default_factory=dict)
    segments: dict[str, dict[str, Any]] = field(default_factory=dict)
    subscription_types: dict[str, dict[str, Any]] = field(default_factory=dict)
    # contact id -> subscription type id -> the consent the contact gave (opt_in / opt_out)
    subscriptions: dict[str, dict[str, str]] = field(default_factory=dict)
    data_attributes: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    # contact id -> event name -> totals pushed with POST /events/summaries
    event_summaries: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    visitors: dict[str, dict[str, Any]] = field(default_factory=dict)
