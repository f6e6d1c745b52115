"""Triggers as declarations: a webhook-only trigger is one row, a polling one a few more.

::

    component = WebhookTrigger(
        label="Teammate Added", when="when a teammate joins the workspace",
        topics=topics("admin.added_to_workspace"), item="admin", out_label="Teammate",
    )
    start, stop, receive = component.handlers

The description (with the topics to tick in the Developer Hub), the properties, the output
port and the handler functions all come from that one object, so a topic is written once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .calls import Handler
from .declare import Port, Spec, render_configurable, schema_ref
from .inputs import Input, choice, date_time, toggle
from .polling import Feed
from .triggers import (
    CATCH_UP,
    POLLING,
    RECEIVE_BY,
    START_FROM,
    WEBHOOK,
    Accept,
    EventTrigger,
    Topics,
    choose,
)

SETUP_HINT = "`intercom-connector webhooks setup` prints what to tick"
EMPTY_TEXT = {"type": "string", "maxLength": 0}


def chosen_by(option: Input, choices: Mapping[str, tuple[str, ...]]) -> Topics:
    """Topics picked by a select or multiselect property; the property is declared with them."""
    if option.widget == "multiselect":
        # A multiselect emptied would listen to nothing: at least one value is required.
        schema = option.schema
        option = option.but(schema={"type": "array", "items": schema["items"], "minItems": 1, **schema})
    topics = choose(option.key, choices, default=option.default)
    object.__setattr__(topics, "_input", option)
    return topics


def _topics_input(topics: Topics) -> Input | None:
    return getattr(topics, "_input", None)


def topic_list(names: Sequence[str]) -> str:
    quoted = [f"`{n}`" for n in names]
    if len(quoted) == 1:
        return f"the topic {quoted[0]}"
    if len(quoted) <= 3:
        return f"the topics {', '.join(quoted[:-1])} and {quoted[-1]}"
    return f"its {len(quoted)} topics"


def contact_type(effect: str) -> Input:
    """Users, leads or both: the choice of contact triggers."""
    return choice(
        "contactType", "Contacts",
        f"Which contacts to watch: users (people who signed up to your product), leads (prospects) or "
        f"both. {effect}",
        [("both", "Users and leads"), ("user", "Users only"), ("lead", "Leads only")],
        default="both",
    )


def by_contact_type(effect: str, *, user: tuple[str, ...], lead: tuple[str, ...]) -> Topics:
    """The topics of users, of leads, or of both, chosen by :func:`contact_type`."""
    return chosen_by(contact_type(effect), {"both": user + lead, "user": user, "lead": lead})


def both_or_one(key: str, label: str, tooltip: str, both: str,
                sets: Mapping[str, tuple[str, tuple[str, ...]]]) -> Topics:
    """A select of topic sets (``{value: (label, topics)}``) or all of them: ``both``, first and default."""
    every = tuple(t for _, names in sets.values() for t in names)
    return chosen_by(
        choice(key, label, tooltip, [("both", both), *((v, name) for v, (name, _) in sets.items())],
               default="both"),
        {"both": every, **{v: names for v, (_, names) in sets.items()}},
    )


def added_or_removed(record: str, *, added: tuple[str, ...], removed: tuple[str, ...]) -> Topics:
    """Contacts added to a record (company, conversation, ticket), removed from it, or both."""
    return both_or_one(
        "change", "Change", f"Send contacts added to the {record}, removed from it, or both.",
        "Added or removed", {"added": ("Added", added), "removed": ("Removed", removed)},
    )


def replied_by(record: str, *, contact: tuple[str, ...], admin: tuple[str, ...]) -> Topics:
    """Replies on a record (conversation, ticket) from the customer, a teammate, or both."""
    return both_or_one(
        "repliedBy", "Replies from",
        f"Whose replies on a {record} start the flow: the customer's, a teammate's, or both.",
        "Customer or teammate", {"contact": ("Customer", contact), "admin": ("Teammate", admin)},
    )


def subscription_scope(*, every: tuple[str, ...], one_type: tuple[str, ...]) -> Topics:
    """All of Intercom's email, one subscription type, or either."""
    return both_or_one(
        "scope", "Subscription",
        "All of Intercom's email, one subscription type (a newsletter, say), or either.",
        "All email or one type", {"all": ("All email", every), "type": ("One subscription type", one_type)},
    )


def seen_when_checked(record: str) -> str:
    """The note of a trigger whose feed finds records as they are now, not each change."""
    return (f"Checking sees the {record} as it is at that moment, so several changes between two "
            "checks come as one message.")


@dataclass(frozen=True, kw_only=True)
class WebhookTrigger(Spec):
    """A trigger that webhooks bring: the topics, the record it emits and one sentence."""

    when: str
    topics: Topics
    item: str
    out_label: str
    note: str = ""
    options: Sequence[Input] = ()
    accept: Accept | None = None
    module: str = "triggers"
    description: str = ""
    runtime: EventTrigger = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "runtime", EventTrigger(self.topics, accept=self.accept))

    @property
    def handlers(self) -> tuple[Handler, ...]:
        return self.runtime.start, self.runtime.stop, self.runtime.receive

    @property
    def properties(self) -> list[Input]:
        chosen = _topics_input(self.topics)
        return [*([chosen] if chosen else []), *self.options]

    def describe(self) -> str:
        return (
            f"Starts the flow {self.when}. Arrives by webhook: an admin of the connector ticks "
            f"{topic_list(self.topics.all())} once in Intercom's Developer Hub ({SETUP_HINT})."
            + (f" {self.note}" if self.note else "")
        )

    def out_port(self) -> Port:
        return Port(self.out_label, {"allOf": [schema_ref(self.item), schema_ref("trigger_event")]})

    def body(self, short_name: str) -> dict[str, Any]:
        out: dict[str, Any] = {"description": self.description or self.describe(), "webhook": True}
        out.update(self._ticks())
        if self.properties:
            schema, inspector = render_configurable(self.properties)
            out["properties"] = {"schema": schema, "inspector": inspector}
        out["outPorts"] = [self.out_port().render()]
        return out

    def _ticks(self) -> dict[str, Any]:
        return {}


@dataclass(frozen=True, kw_only=True)
class PollingTrigger(WebhookTrigger):
    """A trigger that webhooks bring, or that searches Intercom every minute (``feed``).

    A feed of new records also offers catch-up: searching for records whose webhook never came.
    ``things`` names the records in tooltips ("contacts", "changes").
    """

    feed: Feed
    things: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "runtime", EventTrigger(self.topics, feed=self.feed, accept=self.accept))

    @property
    def handlers(self) -> tuple[Handler, ...]:
        return self.runtime.start, self.runtime.stop, self.runtime.receive, self.runtime.tick

    @property
    def properties(self) -> list[Input]:
        return [*super().properties, *self._delivery_inputs()]

    def describe(self) -> str:
        names = self.topics.all()
        topics = "all its topics" if len(names) > 3 else topic_list(names).removeprefix("the ")
        return (
            f"Starts the flow {self.when}. Arrives by webhook ({topics}, set up once in Intercom's "
            f"Developer Hub: {SETUP_HINT}), or by checking Intercom every minute."
            + (f" {self.note}" if self.note else "")
        )

    def _ticks(self) -> dict[str, Any]:
        return {"tick": True}

    def _delivery_inputs(self) -> list[Input]:
        by_webhook = {"eq": {f"./{RECEIVE_BY}": WEBHOOK}}
        inputs = [
            choice(
                RECEIVE_BY, "How events arrive",
                "By webhook, Intercom tells the connector the moment it happens; an admin sets that up "
                "once in Intercom's Developer Hub. By checking, the trigger searches Intercom every "
                "minute: no setup, but a new record can take a few minutes to appear in Intercom's search.",
                [(WEBHOOK, "Instantly, by webhook"), (POLLING, "By checking Intercom every minute")],
                default=WEBHOOK,
            )
        ]
        if self.feed.finds_creations:
            inputs.append(toggle(
                CATCH_UP, "Catch up on missed webhooks",
                "Every 15 minutes, also search Intercom for records whose webhook never arrived "
                "(Intercom retries a failed delivery only once) and send them. A record a webhook "
                "already brought is never sent twice.",
                default=True, when=by_webhook,
            ))
        since = date_time(
            START_FROM, f"Also send {self.things} since",
            f"Leave empty to send only {self.things} from the moment the trigger starts. With a date, "
            f"{self.things} since then are sent too, on the first check. Applies when the trigger "
            "searches Intercom (checking every minute, or catching up).",
        )
        # An emptied date field arrives as "", which means "from now".
        inputs.append(since.but(schema={**since.schema, "anyOf": [*since.schema["anyOf"], EMPTY_TEXT]}))
        return inputs
