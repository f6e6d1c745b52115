"""Lead Became User: a lead signs up and becomes a user."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("contact.lead.signed_up"))
