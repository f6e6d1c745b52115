"""Get Collection: GET /help_center/collections/{id}; an unknown one goes to notFound."""

from intercom.kit import Action, item_port
from intercom.kit.common import collection

component = Action(
    label="Get Collection",
    module="helpcenter",
    description="Fetches one help center collection with its translations, position and parent collection.",
    call=("GET", "/help_center/collections/{collectionId}"),
    inputs=[collection(required=True)],
    out=item_port("Collection", "collection"),
    not_found=True,
)
receive = component.receive
