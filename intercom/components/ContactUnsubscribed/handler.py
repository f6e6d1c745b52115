"""Contact Unsubscribed: a contact unsubscribes from emails or opts out of a subscription type."""

from intercom.kit.trigger_specs import WebhookTrigger, subscription_scope

component = WebhookTrigger(
    label="Contact Unsubscribed",
    when="when a contact unsubscribes from emails or opts out of a subscription type",
    topics=subscription_scope(every=("contact.unsubscribed",), one_type=("granular.unsubscribe",)),
    item="notification_item", out_label="Subscription change",
)
start, stop, receive = component.handlers
