"""Search Tickets: POST /tickets/search, the cursor in the body, in the chosen mode."""

from intercom.kit import ListAction, Listing
from intercom.kit.search import search_query

# Ticket fields Intercom's search accepts; ticket_attribute.<attribute id> reaches any attribute.
FIELDS = [
    ("id", "Ticket ID"), ("title", "Title"), ("description", "Description"),
    ("state", "State (submitted, in_progress, waiting_on_customer, resolved)"), ("open", "Open (true/false)"),
    ("category", "Category (Customer, Back-office, Tracker)"), ("ticket_type_id", "Ticket type ID"),
    ("created_at", "Created at"), ("updated_at", "Updated at"), ("snoozed_until", "Snoozed until"),
    ("admin_assignee_id", "Assigned teammate ID"), ("team_assignee_id", "Assigned team ID"),
    ("contact_ids", "Contact ID"), ("teammate_ids", "Teammate ID"),
]

component = ListAction(
    label="Search Tickets",
    module="tickets",
    description=(
        "Finds tickets matching the conditions you set (state, type, assignee, dates, attributes as "
        "ticket_attribute.<attribute ID>, ...), page after page up to the limit."
    ),
    item="ticket",
    item_label="Tickets",
    inputs=[search_query(fields=FIELDS, dates=("snoozed_until",), required=True)],
    listing=lambda v: Listing("POST", "/tickets/search", style="search", items_key="tickets",
                              json={"query": v["query"]}),
    per_page=150,
    not_found="No match",
)
receive = component.receive
