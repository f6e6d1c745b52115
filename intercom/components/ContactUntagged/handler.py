"""Contact Untagged: a tag is taken off a contact."""

from intercom.kit.triggers import choose, webhook_trigger

USER = ("contact.user.tag.deleted",)
LEAD = ("contact.lead.tag.deleted",)

start, stop, receive = webhook_trigger(
    choose("contactType", {"user": USER, "lead": LEAD, "both": USER + LEAD}, default="both")
)
