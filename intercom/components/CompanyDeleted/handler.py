"""Company Deleted: a company is deleted (the message holds its ID, not its details)."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Company Deleted",
                           when="when a company is deleted (the message holds its ID, not its details)",
                           topics=topics("company.deleted"), item="company", out_label="Deleted company")
start, stop, receive = component.handlers
