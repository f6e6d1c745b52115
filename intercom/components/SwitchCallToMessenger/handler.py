"""Switch Call to Messenger: POST /phone_call_redirects, an SMS with a Messenger link."""

from intercom.kit import Action, item_port, text

component = Action(
    label="Switch Call to Messenger",
    module="phone",
    description=(
        "Sends a caller an SMS with a link that continues the call as a Messenger conversation "
        "(Intercom's Switch). The number must be able to receive SMS. The answer carries the link."
    ),
    call=("POST", "/phone_call_redirects"),
    inputs=[
        text("phone", "Phone number", "The caller's number in international form, e.g. +353871234567.",
             pattern="^\\+[1-9][0-9]{6,14}$", form="a phone number in E.164 form such as +353871234567",
             required=True),
    ],
    out=item_port("Redirect", "phone_switch"),
)
receive = component.receive
