"""Contact Deleted: a contact is deleted (the message holds its ID, not its details)."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("contact.deleted"))
