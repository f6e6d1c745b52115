"""Update Collection: PUT /help_center/collections/{id} with only the fields given."""

from intercom.kit import Action, item_port, text
from intercom.kit.common import collection
from intercom.kit.content import collection_translations

FIELDS = [
    text("name", "Name", "The new name.", min_length=1, max_length=255, pattern="\\S",
         form="text that is not blank"),
    text("description", "Description", "The new line under the name.", max_length=255),
    collection("parentId", "Move inside", "Move it inside this collection."),
    collection_translations(),
]

component = Action(
    label="Update Collection",
    module="helpcenter",
    description=(
        "Renames a help center collection, changes its description or translations, or moves it inside "
        "another collection. Fields left empty stay as they are."
    ),
    call=("PUT", "/help_center/collections/{collectionId}"),
    inputs=[collection(required=True), *FIELDS],
    in_schema={"anyOf": [{"required": [i.key]} for i in FIELDS]},
    out=item_port("Collection", "collection"),
    not_found=True,
)
receive = component.receive
