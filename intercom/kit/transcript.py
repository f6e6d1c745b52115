"""A conversation's transcript: every part in order, as text, and whether Intercom cut it.

``GET /conversations/{id}`` carries the first message under ``source`` and the rest under
``conversation_parts`` (the 500 most recent at most). Get Conversation adds the transcript built
here to what Intercom answered.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any

from .inputs import MAX_UNIX_SECONDS

PART_CAP = 500  # Intercom returns at most the 500 most recent parts of a conversation
BREAKS = re.compile(r"<br\s*/?>|</p>\s*<p[^>]*>", re.I)
TAGS = re.compile(r"<[^>]+>")


def _text(body: Any) -> str:
    """A part's HTML body as text: line breaks kept, tags dropped, entities decoded."""
    return html.unescape(TAGS.sub("", BREAKS.sub("\n", body))).strip() if isinstance(body, str) else ""


def _entry(part: dict[str, Any], kind: str) -> dict[str, Any]:
    author = part.get("author") or {}
    return {
        "id": None if part.get("id") is None else str(part["id"]),
        "part_type": kind,
        "author_type": author.get("type"),
        "author_id": None if author.get("id") is None else str(author["id"]),
        "author_name": author.get("name"),
        "text": _text(part.get("body")),
        "created_at": part.get("created_at"),
        "attachment_urls": [a["url"] for a in part.get("attachments") or []
                            if isinstance(a, dict) and isinstance(a.get("url"), str)],
    }


def _line(entry: dict[str, Any]) -> str:
    at = entry["created_at"]
    dated = isinstance(at, int) and 0 <= at <= MAX_UNIX_SECONDS
    when = datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d %H:%M UTC") if dated else "?"
    who = entry["author_name"] or entry["author_type"] or "unknown"
    note = " (note)" if entry["part_type"] == "note" else ""
    return f"[{when}] {who}{note}: {entry['text']}"


def _truncated(conversation: dict[str, Any], parts: list[Any]) -> bool:
    listed = conversation.get("conversation_parts") or {}
    total = listed.get("total_count")
    counted = (conversation.get("statistics") or {}).get("count_conversation_parts")
    # The statistics may or may not count the first message: more than one over is a cut.
    return (len(parts) >= PART_CAP or (isinstance(total, int) and total > len(parts))
            or (isinstance(counted, int) and counted > len(parts) + 1))


def with_transcript(conversation: dict[str, Any], _values: dict[str, Any]) -> dict[str, Any]:
    """The conversation plus ``transcript``, ``transcript_text`` and ``transcript_truncated``."""
    parts = [p for p in (conversation.get("conversation_parts") or {}).get("conversation_parts") or []
             if isinstance(p, dict)]
    source = conversation.get("source")
    # The first message carries no time of its own: it is when the conversation began.
    entries = [_entry({"created_at": conversation.get("created_at"), **source}, "source")] if isinstance(
        source, dict) else []
    entries += [_entry(p, str(p.get("part_type") or "part")) for p in parts]
    return {
        **conversation,
        "transcript": entries,
        "transcript_text": "\n".join(_line(e) for e in entries if e["text"]),
        "transcript_truncated": _truncated(conversation, parts),
    }


ENTRY = {
    "type": "object",
    "title": "Transcript entry",
    "properties": {
        "id": {"title": "Part ID", "type": ["string", "null"]},
        "part_type": {"title": "Kind", "type": "string",
                      "description": "source (the first message), comment, note, assignment, close, ..."},
        "author_type": {"title": "Author type", "type": ["string", "null"]},
        "author_id": {"title": "Author ID", "type": ["string", "null"]},
        "author_name": {"title": "Author name", "type": ["string", "null"]},
        "text": {"title": "Text", "type": "string", "description": "The body without its HTML; empty for "
                 "parts that are not messages."},
        "created_at": {"title": "Created at", "type": ["integer", "null"],
                       "description": "Unix time in seconds."},
        "attachment_urls": {"title": "Attachment URLs", "type": "array", "items": {"type": "string"}},
    },
}

# What Get Conversation adds to the conversation it emits.
TRANSCRIPT_FIELDS = {
    "type": "object",
    "required": ["transcript", "transcript_text", "transcript_truncated"],
    "properties": {
        "transcript": {"title": "Transcript", "type": "array", "items": ENTRY},
        "transcript_text": {"title": "Transcript as text", "type": "string",
                            "description": "One line per message: [time] author: text."},
        "transcript_truncated": {
            "title": "Transcript truncated", "type": "boolean",
            "description": "True when Intercom's 500-part cap left older parts out.",
        },
    },
}
