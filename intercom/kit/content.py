"""Inputs the help center, news and export components share (their dropdowns are in common.py).

Intercom types the path ids of articles, collections, help centers and news items as integers,
so their inputs take digits only; translations are keyed by the locales Intercom knows.
"""

from __future__ import annotations

from typing import Any

from .calls import Call
from .common import collection, newsfeed, teammate
from .inputs import (
    DIGITS_PATTERN,
    ID_PATTERN,
    Input,
    choice,
    date_time,
    identifier,
    json_value,
    string_list,
    text,
    textarea,
    toggle,
)

# The locales a help center article or collection can be translated into (Intercom 2.10).
LOCALES = (
    "ar", "bg", "bs", "ca", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "he", "hr", "hu",
    "id", "it", "ja", "ko", "lt", "lv", "mn", "nb", "nl", "pl", "pt", "ro", "ru", "sl", "sr", "sv",
    "tr", "vi", "pt-BR", "zh-CN", "zh-TW",
)  # fmt: skip


def article_id(key: str = "articleId", label: str = "Article ID", tooltip: str | None = None,
               **more: Any) -> Input:
    return identifier(
        key, label,
        tooltip or "The article's Intercom ID (digits), e.g. 6871119, as in the article's URL in the "
                   "help center editor.",
        what="an article ID (digits), such as 6871119", pattern=DIGITS_PATTERN, **more,
    )


def news_item_id(key: str = "newsItemId", label: str = "News item ID", tooltip: str | None = None,
                 **more: Any) -> Input:
    return identifier(
        key, label, tooltip or "The news item's Intercom ID (digits), e.g. 141.",
        what="a news item ID (digits), such as 141", pattern=DIGITS_PATTERN, **more,
    )


def export_job(key: str = "jobIdentifier", label: str = "Export job ID", tooltip: str | None = None,
               **more: Any) -> Input:
    return identifier(
        key, label,
        tooltip or "The job identifier Start Data Export answered with, e.g. 3pnq4uopx4s9cmye.",
        what="an export job identifier such as 3pnq4uopx4s9cmye", pattern=ID_PATTERN, **more,
    )


def translations(key: str, tooltip: str, fields: dict[str, Any], **more: Any) -> Input:
    """Per-locale copies as JSON: ``{"fr": {...}, "de": {...}}``, each with only ``fields``."""
    shape = {
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"enum": list(LOCALES)},
        "additionalProperties": {"type": "object", "additionalProperties": False, "properties": fields},
    }
    return json_value(key, "Translations", tooltip, shape=shape, api="body.translated_content", **more)


TEXT = {"type": "string", "maxLength": 65535}
ARTICLE_TRANSLATION = {
    "title": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": {"type": "string", "maxLength": 255},
    "body": TEXT,
    "author_id": {"type": "integer", "minimum": 1},
    "state": {"enum": ["published", "draft"]},
}
COLLECTION_TRANSLATION = {
    "name": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": {"type": "string", "maxLength": 255},
}


def article_translations(**more: Any) -> Input:
    return translations(
        "translations",
        'Copies in other languages, as JSON keyed by locale, e.g. {"fr": {"title": "Bonjour", "body": '
        '"<p>...</p>", "state": "published"}}. Each copy takes title, description, body, author_id '
        "and state.",
        ARTICLE_TRANSLATION, **more,
    )


def collection_translations(**more: Any) -> Input:
    return translations(
        "translations",
        'Names in other languages, as JSON keyed by locale, e.g. {"fr": {"name": "Premiers pas"}}. '
        "Each takes name and description.",
        COLLECTION_TRANSLATION, **more,
    )


def article_fields(*, creating: bool) -> list[Input]:
    """What Create Article and Update Article both write (Update changes only what is given)."""
    # Intercom types parent_id as an integer on create and as a string on update.
    parent = int if creating else str
    return [
        text("title", "Title", "The article's title as readers see it.", min_length=1, max_length=255,
             pattern="\\S", form="text that is not blank", required=creating),
        text("description", "Description", "A one-line summary shown under the title in the help center.",
             max_length=255),
        textarea("body", "Body", "The article's content in HTML, e.g. <p>To reset your password, ...</p>.",
                 max_length=65535),
        teammate("authorId", "Author", "The teammate shown as the article's author.", required=creating,
                 convert=lambda v, _: int(v)),
        choice("state", "State", "Draft keeps the article hidden; Published makes it visible in the "
               "help center." + (" New articles are drafts unless you choose otherwise." if creating else ""),
               [("draft", "Draft"), ("published", "Published")], default="draft" if creating else None),
        collection("parentId", "Collection", "The collection the article sits in; pick one or map a "
                   "collection ID such as 6871118.", convert=lambda v, _: parent(v)),
        article_translations(),
    ]


def news_fields(*, creating: bool) -> list[Input]:
    """What Create News Item and Update News Item write; Intercom wants title and sender on both."""
    return [
        text("title", "Title", "The news item's headline.", min_length=1, max_length=255, pattern="\\S",
             form="text that is not blank", required=True),
        textarea("body", "Body", "The announcement in HTML, e.g. <p>Dark mode is here.</p>.",
                 max_length=65535),
        teammate("senderId", "Sender", "The teammate the news item is from.", required=True,
                 convert=lambda v, _: int(v)),
        choice("state", "State", "Draft keeps it unpublished; Live publishes it to its newsfeeds."
               + (" New items are drafts unless you choose otherwise." if creating else ""),
               [("draft", "Draft"), ("live", "Live")], default="draft" if creating else None),
        newsfeed("newsfeedIds", "Newsfeeds", "The newsfeeds that show it; pick one or more, or map newsfeed "
                 "IDs such as 12312 (one per line).", multiple=True, api=None),
        date_time("publishedAt", "Published at", "When it appears in those newsfeeds; left empty, when it "
                  "goes live.", api=None),
        toggle("deliverSilently", "Deliver silently", "On: it appears in the newsfeeds without notifying "
               "anyone."),
        string_list("labels", "Labels", "Labels shown on the item, one per line, e.g. Product update.",
                    item={"type": "string", "minLength": 1, "maxLength": 64}),
        string_list("reactions", "Reactions", "Up to four emoji readers can react with, one per line, "
                    "e.g. 👍.",
                    item={"type": "string", "minLength": 1, "maxLength": 16}, max_items=4),
    ]


# A publication date needs the newsfeeds it is for.
NEWS_SCHEMA = {"dependentRequired": {"publishedAt": ["newsfeedIds"]}}


def news_item_call(call: Call, values: dict[str, Any]) -> Call:
    """The automatic call plus the newsfeed assignments built from the chosen newsfeeds."""
    feeds = values.get("newsfeedIds")
    if feeds:
        when = {"published_at": values["publishedAt"]} if "publishedAt" in values else {}
        call.json["newsfeed_assignments"] = [{"newsfeed_id": int(feed), **when} for feed in feeds]
    return call
