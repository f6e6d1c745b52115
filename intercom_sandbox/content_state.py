"""The tables of the workspace's content, kept apart so the store can hold them without importing
the content logic (intercom_sandbox/content.py) that works on the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ContentState:
    help_centers: dict[str, dict[str, Any]] = field(default_factory=dict)
    collections: dict[str, dict[str, Any]] = field(default_factory=dict)
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)
    newsfeeds: dict[str, dict[str, Any]] = field(default_factory=dict)
    news_items: dict[str, dict[str, Any]] = field(default_factory=dict)
    receipts: list[dict[str, Any]] = field(default_factory=list)
    exports: dict[str, dict[str, Any]] = field(default_factory=dict)
