"""Convert Visitor: POST /visitors/convert, into a new or existing user, or a lead."""

from intercom.kit import Action, Call, choice, contact_id, item_port, text
from intercom.kit.common import first_of
from intercom.kit.visitors import visitor_id, visitor_user_id

VISITOR = {"visitorId": "id", "visitorUserId": "user_id", "visitorEmail": "email"}
USER = {"contactId": "id", "externalId": "user_id", "email": "email"}


def build(v: dict) -> Call:
    return Call("POST", "/visitors/convert", json={
        "type": v["convertTo"],
        "user": {api: v[ours] for ours, api in USER.items() if ours in v},
        "visitor": {api: v[ours] for ours, api in VISITOR.items() if ours in v},
    })


component = Action(
    label="Convert Visitor",
    module="visitors",
    description=(
        "Turns a visitor into a user or a lead. Naming an existing contact merges the visitor into it; "
        "otherwise a new contact is made with the external ID and email given. The answer is the contact."
    ),
    inputs=[
        choice("convertTo", "Into", "A user (signed up to your product) or a lead (a prospect).",
               [("user", "User"), ("lead", "Lead")], default="user", required=True),
        visitor_id(tooltip="The visitor: give one of Visitor ID, Visitor user ID or Visitor email "
                           "(the first filled is used)."),
        visitor_user_id(),
        text("visitorEmail", "Visitor email", "Or the visitor's email address.", format="email",
             max_length=254),
        contact_id(tooltip="An existing contact to merge the visitor into; or give an External ID for a new "
                   "one."),
        text("externalId", "External ID", "Your own ID for the contact the visitor becomes, e.g. crm-42.",
             min_length=1, max_length=255),
        text("email", "Email", "The email address of the contact the visitor becomes.", format="email",
             max_length=254),
    ],
    in_schema={"allOf": [first_of(*VISITOR),
                         {"anyOf": [{"required": ["contactId"]}, {"required": ["externalId"]}]}]},
    build=build,
    out=item_port("Contact", "contact"),
    not_found="Visitor or contact not found",
)
receive = component.receive
