"""Visitor Signed Up: an anonymous website visitor signs up."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("visitor.signed_up"))
