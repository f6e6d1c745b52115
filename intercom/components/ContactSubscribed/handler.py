"""Contact Subscribed: a contact subscribes to emails or opts in to a subscription type."""

from intercom.kit.triggers import choose, webhook_trigger

ALL = ("contact.subscribed",)
TYPE = ("granular.subscribe",)

start, stop, receive = webhook_trigger(
    choose("scope", {"all": ALL, "type": TYPE, "both": ALL + TYPE}, default="both")
)
