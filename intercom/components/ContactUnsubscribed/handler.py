"""Contact Unsubscribed: a contact unsubscribes from emails or opts out of a subscription type."""

from intercom.kit.triggers import choose, webhook_trigger

ALL = ("contact.unsubscribed",)
TYPE = ("granular.unsubscribe",)

start, stop, receive = webhook_trigger(
    choose("scope", {"all": ALL, "type": TYPE, "both": ALL + TYPE}, default="both")
)
