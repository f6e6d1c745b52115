"""Subscribe Contact: attach or remove the contact's choice for a subscription type."""

from intercom.kit.subscriptions import subscription_action

component = subscription_action(
    "Subscribe Contact",
    "Makes a contact receive a kind of message (a subscription type such as a newsletter): opts it "
    "in, or takes back an earlier opt-out, as the type asks. The answer is the subscription type.",
    subscribed=True,
)
receive = component.receive
