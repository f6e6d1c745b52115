"""Add Note to Contact: POST /contacts/{id}/notes."""

from intercom.kit import Action, contact_id, item_port, teammate, textarea

component = Action(
    label="Add Note to Contact",
    module="notes",
    description="Leaves a note on a contact, seen only by teammates. The answer is the note.",
    call=("POST", "/contacts/{contactId}/notes"),
    inputs=[
        contact_id(required=True),
        textarea("body", "Note", "The note's text; simple HTML such as <b> and <a> is kept.",
                 max_length=65535, not_blank=True, required=True),
        teammate(tooltip="Who the note is from. Left empty: Intercom uses the teammate who connected the "
                 "account."),
    ],
    out=item_port("Note", "note"),
    not_found="Contact not found",
)
receive = component.receive
