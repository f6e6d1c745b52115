"""Merge Contacts: POST /contacts/merge, a lead into a user."""

from intercom.kit import Action, contact_id, item_port

component = Action(
    label="Merge Lead into User",
    module="contacts",
    description=(
        "Merges a lead into a user: the user keeps its own fields and gains the lead's conversations, "
        "tags, notes and companies; the lead is gone afterwards (its ID answers not found)."
    ),
    call=("POST", "/contacts/merge"),
    inputs=[
        contact_id("leadId", "Lead ID", "The lead to merge away (role lead), e.g. 6657ac8a6abd0166b52ae266.",
                   required=True, api="body.from"),
        contact_id("userId", "User ID", "The user that remains (role user), e.g. 6657ac8a6abd0166b52ae267.",
                   required=True, api="body.into"),
    ],
    out=item_port("User", "contact"),
    not_found="Contact not found",
)
receive = component.receive
