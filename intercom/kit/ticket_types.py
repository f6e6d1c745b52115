"""The fields of ticket types and of their attributes, shared by the create and update components."""

from __future__ import annotations

from .inputs import Input, choice, text, textarea, toggle

# Where the lists are: the 2.10 description says ticket_types and ticket_type_attributes, the
# live answers recorded in its own examples say data; either is read.
TICKET_TYPES = "ticket_types|data"
TYPE_ATTRIBUTES = "ticket_type_attributes.ticket_type_attributes|ticket_type_attributes.data"

CATEGORIES = (
    ("Customer", "Customer (shared with the customer)"),
    ("Back-office", "Back-office (internal work)"),
    ("Tracker", "Tracker (groups many conversations)"),
)
DATA_TYPES = (("string", "Text"), ("list", "List of options"), ("integer", "Whole number"),
              ("decimal", "Decimal number"), ("boolean", "Yes / no"), ("datetime", "Date and time"),
              ("files", "Files"))


def ticket_type_fields(*, creating: bool) -> list[Input]:
    fields = [
        text("name", "Name", "What teammates and customers see, e.g. Refund request.", min_length=1,
             max_length=255, required=creating),
        textarea("description", "Description", "What this kind of ticket is for.", max_length=65535),
        choice("category", "Category", "Customer tickets are shared with the customer, back-office ones are "
               "internal work, trackers group many conversations about one issue.", CATEGORIES),
        text("icon", "Icon", "One emoji shown beside the type, e.g. 🐞.", min_length=1, max_length=16),
        toggle("isInternal", "Internal only", "On: tickets of this type are for internal use and not shared "
               "with customers."),
    ]
    if not creating:
        fields.append(toggle("archived", "Archived", "On: archive the type (no new tickets of it); off: "
                             "bring an archived type back."))
    return fields


def attribute_fields(*, creating: bool) -> list[Input]:
    is_list = {"eq": {"./dataType": "list"}} if creating else None
    is_text = {"eq": {"./dataType": "string"}} if creating else None
    is_files = {"eq": {"./dataType": "files"}} if creating else None
    fields = [
        text("name", "Name", "The attribute's name, e.g. Order number.", min_length=1, max_length=255,
             required=creating),
        text("description", "Description", "A hint shown with the field to teammates and customers.",
             min_length=1 if creating else None, max_length=255, required=creating),
    ]
    if creating:
        fields.append(choice("dataType", "Type", "What the attribute holds; it cannot change later.",
                             DATA_TYPES, required=True))
    fields += [
        toggle("requiredToCreate", "Required for teammates", "On: teammates must fill it in to create a "
               "ticket in the inbox."),
        toggle("requiredToCreateForContacts", "Required for customers", "On: customers must fill it in to "
               "create a ticket in the Messenger."),
        toggle("visibleOnCreate", "Shown to teammates on create", "On: the inbox shows it when a teammate "
               "creates a ticket."),
        toggle("visibleToContacts", "Shown to customers", "On: customers see it in the Messenger."),
        toggle("multiline", "Several lines", "Text attributes only: on for a text box of several lines.",
               when=is_text),
        text("listItems", "List items", "List attributes only: the options, separated by commas, e.g. "
             "Low,Medium,High.", min_length=1, max_length=65535, when=is_list),
        toggle("allowMultipleValues", "Several files", "File attributes only: on to allow more than one "
               "file.", when=is_files),
    ]
    if not creating:
        fields.append(toggle("archived", "Archived", "On: archive the attribute (new tickets no longer show "
                             "it; old ones keep their value)."))
    return fields
