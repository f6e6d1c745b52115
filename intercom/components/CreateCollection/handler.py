"""Create Collection: POST /help_center/collections, at the top of a help center or inside another."""

from intercom.kit import Action, item_port, text
from intercom.kit.common import collection, help_center
from intercom.kit.content import collection_translations

component = Action(
    label="Create Collection",
    module="helpcenter",
    description=(
        "Adds a collection to a help center, at the top level or inside another collection. Without a "
        "help center it goes to the workspace's default one."
    ),
    call=("POST", "/help_center/collections"),
    inputs=[
        text("name", "Name", "The collection's name, e.g. Getting started.", min_length=1, max_length=255,
             pattern="\\S", form="text that is not blank", required=True),
        text("description", "Description", "A line under the name in the help center.", max_length=255),
        collection("parentId", "Inside collection", "Put it inside this collection; left empty, it is a "
                   "top-level collection."),
        help_center(tooltip="The help center it belongs to; left empty, the default one.",
                    convert=lambda v, _: int(v)),
        collection_translations(),
    ],
    out=item_port("Collection", "collection"),
)
receive = component.receive
