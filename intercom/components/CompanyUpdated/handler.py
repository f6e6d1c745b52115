"""Company Updated: a company's details change."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("company.updated"))
