"""Search Contacts: POST /contacts/search, the cursor in the body, emitted in the chosen mode."""

from intercom.kit import ListAction, Listing
from intercom.kit.common import data_attribute_source
from intercom.kit.search import search_query

# The standard contact fields Intercom's search accepts; custom attributes come from the account.
FIELDS = [
    ("email", "Email"), ("name", "Name"), ("role", "Role (user or lead)"), ("external_id", "External ID"),
    ("phone", "Phone"), ("email_domain", "Email domain"), ("owner_id", "Owner (teammate ID)"),
    ("created_at", "Created at"), ("updated_at", "Updated at"), ("signed_up_at", "Signed up at"),
    ("last_seen_at", "Last seen at"), ("last_contacted_at", "Last contacted at"),
    ("last_replied_at", "Last replied at"), ("unsubscribed_from_emails", "Unsubscribed from emails"),
    ("tag_id", "Tag ID"), ("segment_id", "Segment ID"), ("location.country", "Country"),
    ("location.city", "City"), ("language_override", "Language"),
]

component = ListAction(
    label="Search Contacts",
    module="contacts",
    description=(
        "Finds contacts (users and leads) matching the conditions you set, page after page up to the "
        "limit. Dates compare by day in the workspace's time zone, and a contact created a moment ago "
        "can take a few minutes to be found."
    ),
    item="contact",
    item_label="Contacts",
    inputs=[search_query(fields=FIELDS, numeric=("owner_id",), required=True,
                         fields_source=data_attribute_source("contact", "searchable_attributes_to_options"))],
    listing=lambda v: Listing("POST", "/contacts/search", style="search", json={"query": v["query"]}),
    not_found="No match",
)
receive = component.receive
