"""Subscribing and unsubscribing a contact, whichever consent a subscription type asks for.

Intercom records only a contact's explicit choices. For an opt-in type (sent only to those who
agreed), subscribing attaches the opt-in and unsubscribing removes it; for an opt-out type
(sent to everyone who did not refuse), unsubscribing attaches the opt-out and subscribing
removes it. Which one a type is comes from the list of subscription types.
"""

from __future__ import annotations

from typing import Any

from ..client import IntercomClient, NotFoundError, endpoint
from .common import contact_id, subscription_type
from .declare import Action, item_port


async def set_subscription(intercom: IntercomClient, values: dict[str, Any], *, subscribed: bool) -> Any:
    types = (await intercom.get("/subscription_types") or {}).get("data") or []
    wanted = str(values["subscriptionTypeId"])
    kind = next((t for t in types if str(t.get("id")) == wanted), None)
    if kind is None:
        raise NotFoundError(404, [])
    consent = "opt_in" if kind.get("consent_type") == "opt_in" else "opt_out"
    contact = values["contactId"]
    if (consent == "opt_in") == subscribed:
        return await intercom.post(endpoint("/contacts/{id}/subscriptions", id=contact),
                                   {"id": wanted, "consent_type": consent})
    chosen = (await intercom.get(endpoint("/contacts/{id}/subscriptions", id=contact)) or {}).get("data")
    if not any(str(c.get("id")) == wanted for c in chosen or []):
        return kind  # no explicit choice to remove: the contact already is where it should be
    return await intercom.delete(endpoint("/contacts/{c}/subscriptions/{id}", c=contact, id=wanted))


def subscription_action(label: str, description: str, *, subscribed: bool) -> Action:
    """Subscribe Contact or Unsubscribe Contact."""

    async def run(context: Any, intercom: IntercomClient, values: dict[str, Any]) -> Any:
        return await set_subscription(intercom, values, subscribed=subscribed)

    return Action(
        label=label,
        module="subscriptions",
        description=description,
        inputs=[contact_id(required=True), subscription_type(required=True)],
        run=run,
        out=item_port("Subscription type", "subscription_type"),
        not_found="Contact or subscription type not found",
    )
