"""Lead Gave Email: a lead gives their email address."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("contact.lead.added_email"))
