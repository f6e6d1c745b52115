"""Get Note: GET /notes/{id}; a missing note goes to the notFound port."""

from intercom.kit import Action, identifier, item_port
from intercom.kit.inputs import DIGITS_PATTERN

component = Action(
    label="Get Note",
    module="notes",
    description="Fetches one note by its ID. A note that does not exist leaves through the Not found port.",
    call=("GET", "/notes/{noteId}"),
    inputs=[identifier("noteId", "Note ID", "The note's ID (digits), e.g. 17495962, the id output of Add "
                       "Note to Contact or List Contact's Notes.", what="a note ID (digits) such as 17495962",
                       pattern=DIGITS_PATTERN, required=True)],
    out=item_port("Note", "note"),
    not_found=True,
)
receive = component.receive
