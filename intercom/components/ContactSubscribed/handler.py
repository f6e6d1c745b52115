"""Contact Subscribed: a contact subscribes to emails or opts in to a subscription type."""

from intercom.kit.trigger_specs import WebhookTrigger, subscription_scope

component = WebhookTrigger(
    label="Contact Subscribed", when="when a contact subscribes to emails or opts in to a subscription type",
    topics=subscription_scope(every=("contact.subscribed",), one_type=("granular.subscribe",)),
    item="notification_item", out_label="Subscription change",
)
start, stop, receive = component.handlers
