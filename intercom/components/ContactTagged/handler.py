"""Contact Tagged: a tag is put on a contact."""

from intercom.kit.triggers import choose, webhook_trigger

USER = ("contact.user.tag.created",)
LEAD = ("contact.lead.tag.created",)

start, stop, receive = webhook_trigger(
    choose("contactType", {"user": USER, "lead": LEAD, "both": USER + LEAD}, default="both")
)
