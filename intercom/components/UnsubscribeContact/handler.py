"""Unsubscribe Contact: attach or remove the contact's choice for a subscription type."""

from intercom.kit.subscriptions import subscription_action

component = subscription_action(
    "Unsubscribe Contact",
    "Stops a kind of message (a subscription type such as a newsletter) for a contact: opts it "
    "out, or takes back an earlier opt-in, as the type asks. The answer is the subscription type.",
    subscribed=False,
)
receive = component.receive
