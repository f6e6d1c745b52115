"""Update Data Attribute: PUT /data_attributes/{id} (archive, options, Messenger access)."""

from intercom.kit import Action, choice, dropdown, item_port, string_list, toggle
from intercom.kit.common import data_attribute_source
from intercom.kit.inputs import DIGITS_PATTERN

component = Action(
    label="Update Data Attribute",
    module="data",
    description=(
        "Archives or restores a custom attribute, changes the values of a list attribute, or whether "
        "the Messenger may write it. Its name and data type stay."
    ),
    call=("PUT", "/data_attributes/{attributeId}"),
    inputs=[
        choice("model", "Of", "Whose attributes to pick from: contacts' or companies'. Only narrows the "
               "choices below.", [("contact", "Contacts"), ("company", "Companies")], default="contact",
               api=None),
        dropdown("attributeId", "Attribute", "The custom attribute; pick one or map its ID (digits), e.g. "
                 "53.",
                 data_attribute_source("inputs/in/model", "custom_attribute_ids_to_options"),
                 pattern=DIGITS_PATTERN, form="a data attribute ID (digits), such as 53", required=True),
        toggle("archived", "Archived", "On: archive the attribute (hidden, no longer filled in); off: "
               "restore it."),
        string_list("options", "List options", "For a list attribute: its values, one per line, replacing "
                    "the current ones (at least two).",
                    item={"type": "string", "minLength": 1, "maxLength": 255},
                    min_items=2, max_items=250),
        toggle("messengerWritable", "Writable from the Messenger",
               "On: the Messenger (your product's users) may set it too."),
    ],
    in_schema={"anyOf": [{"required": [key]} for key in ("archived", "options", "messengerWritable")]},
    out=item_port("Data attribute", "data_attribute"),
    not_found="Attribute not found",
)
receive = component.receive
