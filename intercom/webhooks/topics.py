"""Every webhook topic an Intercom app on API 2.10 can subscribe to, with what it needs.

Subscriptions are made by hand in the Developer Hub (app → Configure → Webhooks); a topic can
only be ticked when the app holds the permission listed here (Configure → Authentication).
`webhooks setup` reads this table to tell an admin exactly what to tick.
"""

from __future__ import annotations

from dataclasses import dataclass

# Intercom's test delivery from the Developer Hub; here, not beside the pydantic models, so that
# a trigger reading this table loads none of them.
PING_TOPIC = "ping"

READ_CONVERSATIONS = "Read conversations"
READ_PEOPLE = "Read and list users and companies"
READ_TICKETS = "Read tickets"
READ_ADMINS = "Read admins"
READ_ACTIVITY_LOGS = "Read admin activity logs"
READ_ARTICLES = "Read and list articles"
READ_EVENTS = "Read events"
READ_CONTENT_DATA = "Read content data"


@dataclass(frozen=True)
class Topic:
    name: str
    family: str
    permission: str
    meaning: str


def _family(family: str, permission: str, entries: dict[str, str]) -> dict[str, Topic]:
    return {name: Topic(name, family, permission, meaning) for name, meaning in entries.items()}


CONTENT_TYPES = (
    "banner", "carousel", "chat", "checklist", "custom_bot", "email", "news_item", "post", "push",
    "series", "series.webhook", "sms", "survey", "tooltip_group", "tour",
)

TOPICS: dict[str, Topic] = {
    **_family("conversations", READ_CONVERSATIONS, {
        "conversation.user.created": "a contact started a conversation",
        "conversation.user.replied": "a contact replied in a conversation",
        "conversation.admin.replied": "a teammate replied in a conversation",
        "conversation.admin.single.created": "a teammate started a conversation with one contact",
        "conversation.admin.assigned": "a conversation was assigned",
        "conversation.admin.open.assigned": "a conversation was opened and assigned in one step",
        "conversation.admin.noted": "a teammate added an internal note",
        "conversation.admin.closed": "a teammate closed a conversation",
        "conversation.admin.opened": "a teammate reopened a conversation",
        "conversation.admin.snoozed": "a teammate snoozed a conversation",
        "conversation.admin.unsnoozed": "a snoozed conversation woke up",
        "conversation.priority.updated": "a conversation's priority changed",
        "conversation.rating.added": "a contact rated a conversation",
        "conversation.read": "a conversation was marked as read",
        "conversation.deleted": "a conversation was deleted",
        "conversation.contact.attached": "a contact was added to a conversation",
        "conversation.contact.detached": "a contact was removed from a conversation",
        "conversation_part.tag.created": "a tag was put on a message in a conversation",
        "conversation_part.redacted": "a message in a conversation was redacted",
    }),
    **_family("contacts", READ_PEOPLE, {
        "contact.user.created": "a user was created",
        "contact.lead.created": "a lead was created",
        "contact.user.updated": "a user's details changed",
        "contact.lead.updated": "a lead's details changed",
        "contact.lead.signed_up": "a lead became a user",
        "contact.lead.added_email": "a lead gave an email address",
        "contact.email.updated": "a contact's email address changed",
        "contact.archived": "a contact was archived",
        "contact.unarchive": "a contact was taken out of the archive",
        "contact.deleted": "a contact was deleted",
        "contact.merged": "a lead was merged into a user",
        "visitor.signed_up": "a website visitor signed up",
    }),
    **_family("tags", READ_PEOPLE, {
        "contact.user.tag.created": "a user was tagged",
        "contact.user.tag.deleted": "a tag was taken off a user",
        "contact.lead.tag.created": "a lead was tagged",
        "contact.lead.tag.deleted": "a tag was taken off a lead",
    }),
    **_family("subscriptions", READ_PEOPLE, {
        "contact.subscribed": "a contact subscribed to emails",
        "contact.unsubscribed": "a contact unsubscribed from emails",
        "granular.subscribe": "a contact opted in to one subscription type",
        "granular.unsubscribe": "a contact opted out of one subscription type",
    }),
    **_family("companies", READ_PEOPLE, {
        "company.created": "a company was created",
        "company.updated": "a company's details changed",
        "company.deleted": "a company was deleted",
        "company.contact.attached": "a contact was added to a company",
        "company.contact.detached": "a contact was removed from a company",
    }),
    **_family("tickets", READ_TICKETS, {
        "ticket.created": "a ticket was created",
        "ticket.state.updated": "a ticket moved to another state",
        "ticket.note.created": "a teammate added a note to a ticket",
        "ticket.admin.assigned": "a ticket was assigned to a teammate",
        "ticket.team.assigned": "a ticket was assigned to a team",
        "ticket.contact.attached": "a contact was added to a ticket",
        "ticket.contact.detached": "a contact was removed from a ticket",
        "ticket.attribute.updated": "a ticket attribute changed",
        "ticket.admin.replied": "a teammate replied on a ticket",
        "ticket.contact.replied": "a contact replied on a ticket",
    }),
    **_family("admins", READ_ADMINS, {
        "admin.added_to_workspace": "a teammate joined the workspace",
        "admin.removed_from_workspace": "a teammate left the workspace",
        "admin.away_mode_updated": "a teammate switched away mode on or off",
        "admin.logged_in": "a teammate logged in",
        "admin.logged_out": "a teammate logged out",
    }),
    **_family("admins", READ_ACTIVITY_LOGS, {
        "admin.activity_log_event.created": "a teammate action was written to the activity log",
    }),
    **_family("articles", READ_ARTICLES, {
        "article.created": "a help center article was created",
        "article.updated": "an article was edited",
        "article.published": "an article was published",
        "article.unpublished": "an article was unpublished",
        "article.deleted": "an article was deleted",
    }),
    **_family("events", READ_EVENTS, {
        "event.created": "a data event was recorded for a contact",
    }),
    **_family("content", READ_CONTENT_DATA, {
        f"content_stat.{kind}": f"a contact interacted with a {kind.replace('_', ' ')}"
        for kind in CONTENT_TYPES
    }),
}

# Always delivered, whatever is ticked; never routed to a trigger.
ALWAYS_SENT = frozenset({PING_TOPIC})


def describe(topic: str) -> Topic:
    """The catalogue entry, or a placeholder for a topic this table does not know."""
    return TOPICS.get(topic) or Topic(topic, "other", "see the Developer Hub", "not in the 2.10 topic list")
