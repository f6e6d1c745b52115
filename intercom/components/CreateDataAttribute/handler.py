"""Create Data Attribute: POST /data_attributes (a custom attribute of contacts or companies)."""

from intercom.kit import Action, choice, item_port, string_list, text, toggle

LIST = {"eq": {"./dataType": "string"}}

component = Action(
    label="Create Data Attribute",
    module="data",
    description=(
        "Defines a new custom attribute for contacts or companies, so flows can fill it in. Its data "
        "type cannot be changed afterwards through the API."
    ),
    call=("POST", "/data_attributes"),
    inputs=[
        text("name", "Name", "The attribute's name: letters, digits, spaces, hyphens and currency signs, "
             "e.g. Plan tier.", min_length=1, max_length=190, pattern="^[\\w $£€¥-]*\\w[\\w $£€¥-]*$",
             form="letters, digits, spaces, underscores, hyphens or currency signs", required=True),
        choice("model", "For", "Whether contacts or companies carry it.",
               [("contact", "Contacts"), ("company", "Companies")], required=True),
        choice("dataType", "Data type", "What values it holds. Dates are sent as Unix seconds.",
               [("string", "Text"), ("integer", "Whole number"), ("float", "Decimal number"),
                ("boolean", "True or false"), ("date", "Date"), ("datetime", "Date and time")],
               required=True),
        string_list("options", "List options", "For a text attribute offered as a list: its values, one per "
                    "line (at least two).", item={"type": "string", "minLength": 1, "maxLength": 255},
                    min_items=2, max_items=250, when=LIST),
        toggle("messengerWritable", "Writable from the Messenger",
               "On: the Messenger (your product's users) may set it too."),
    ],
    in_schema={"if": {"required": ["options"]},
               "then": {"properties": {"dataType": {"const": "string",
                                                    "description": "only text attributes take options"}}}},
    out=item_port("Data attribute", "data_attribute"),
)
receive = component.receive
