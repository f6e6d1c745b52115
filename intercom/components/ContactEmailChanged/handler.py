"""Contact Email Changed: a contact's email address changes."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("contact.email.updated"))
