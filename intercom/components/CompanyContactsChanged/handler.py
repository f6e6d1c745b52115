"""Company Contacts Changed: a contact is added to or removed from a company."""

from intercom.kit.triggers import choose, webhook_trigger

ADDED = ("company.contact.attached",)
REMOVED = ("company.contact.detached",)

start, stop, receive = webhook_trigger(
    choose("change", {"added": ADDED, "removed": REMOVED, "both": ADDED + REMOVED}, default="both")
)
