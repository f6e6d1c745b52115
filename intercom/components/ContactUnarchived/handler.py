"""Contact Unarchived: a contact is taken out of the archive."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("contact.unarchive"))
