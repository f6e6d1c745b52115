"""Delete Collection: DELETE /help_center/collections/{id}; answered with its id."""

from intercom.kit import Action, item_port
from intercom.kit.common import collection

component = Action(
    label="Delete Collection",
    module="helpcenter",
    description=(
        "Deletes a help center collection. A collection that does not exist leaves through the Not "
        "found port."
    ),
    call=("DELETE", "/help_center/collections/{collectionId}"),
    inputs=[collection(required=True)],
    out=item_port("Deleted collection", "deleted_object"),
    not_found=True,
)
receive = component.receive
