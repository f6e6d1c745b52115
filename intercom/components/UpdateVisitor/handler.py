"""Update Visitor: PUT /visitors, the visitor named by id or user_id in the body."""

from intercom.kit import Action, item_port, text
from intercom.kit.common import custom_attributes, first_of
from intercom.kit.visitors import visitor_id, visitor_user_id

component = Action(
    label="Update Visitor",
    module="visitors",
    description="Sets a visitor's name or custom attributes. The answer is the updated visitor.",
    call=("PUT", "/visitors"),
    inputs=[
        visitor_id(api="body.id"),
        visitor_user_id(api="body.user_id"),
        text("name", "Name", "The visitor's name.", max_length=255),
        custom_attributes("contact", text_only=True),
    ],
    in_schema={"allOf": [first_of("visitorId", "visitorUserId"),
                         {"anyOf": [{"required": ["name"]}, {"required": ["customAttributes"]}]}]},
    out=item_port("Visitor", "visitor"),
    not_found="Visitor not found",
)
receive = component.receive
