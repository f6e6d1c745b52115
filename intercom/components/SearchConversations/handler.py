"""Search Conversations: POST /conversations/search, the cursor in the body, in the chosen mode."""

from intercom.kit import ListAction, Listing
from intercom.kit.common import data_attribute_source
from intercom.kit.search import search_query

# Conversation fields Intercom's search accepts; custom attributes come from the account.
FIELDS = [
    ("id", "Conversation ID"), ("state", "State (open, closed, snoozed)"), ("open", "Open (true/false)"),
    ("read", "Read (true/false)"), ("priority", "Priority (priority, not_priority)"),
    ("created_at", "Created at"), ("updated_at", "Updated at"), ("waiting_since", "Waiting since"),
    ("snoozed_until", "Snoozed until"), ("admin_assignee_id", "Assigned teammate ID"),
    ("team_assignee_id", "Assigned team ID"), ("contact_ids", "Contact ID"), ("teammate_ids", "Teammate ID"),
    ("tag_ids", "Tag ID"), ("channel_initiated", "Started on channel"),
    ("source.type", "Channel (conversation, email, phone_call, ...)"), ("source.subject", "Subject"),
    ("source.body", "First message text (whole words)"), ("source.author.email", "Author email"),
    ("source.author.name", "Author name"), ("source.author.type", "Author type (user, lead, admin)"),
    ("source.delivered_as", "Delivered as"), ("source.url", "Started on page URL"),
    ("conversation_rating.score", "Rating (1 to 5)"), ("conversation_rating.remark", "Rating remark"),
    ("statistics.time_to_admin_reply", "Seconds to first teammate reply"),
    ("statistics.count_reopens", "Times reopened"), ("statistics.count_assignments", "Times assigned"),
    ("statistics.last_close_at", "Last closed at"),
    ("ai_agent_participated", "AI agent took part (true/false)"),
]
NUMERIC = ("conversation_rating.score", "statistics.time_to_admin_reply", "statistics.count_reopens",
           "statistics.count_assignments")

component = ListAction(
    label="Search Conversations",
    module="conversations",
    description=(
        "Finds conversations matching the conditions you set (state, assignee, tags, dates, custom "
        "attributes, ...), page after page up to the limit. Found conversations carry no messages after "
        "the first; use Get Conversation for those."
    ),
    item="conversation",
    item_label="Conversations",
    inputs=[search_query(
        fields=FIELDS, numeric=NUMERIC, dates=("waiting_since", "snoozed_until"), required=True,
        fields_source=data_attribute_source("conversation", "searchable_attributes_to_options"),
    )],
    listing=lambda v: Listing("POST", "/conversations/search", style="search", items_key="conversations",
                              json={"query": v["query"]}),
    per_page=150,
    not_found="No match",
)
receive = component.receive
