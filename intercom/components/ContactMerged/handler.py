"""Contact Merged: a lead is merged into a user (the message is the user that remains; merged_from names the
lead that is gone).
"""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(
    label="Contact Merged",
    when="when a lead is merged into a user "
         "(the message is the user that remains; merged_from names the lead that is gone)",
    topics=topics("contact.merged"), item="contact", out_label="User",
)
start, stop, receive = component.handlers
