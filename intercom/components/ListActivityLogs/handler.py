"""List Activity Logs: GET /admins/activity_logs for a time window, page after page."""

from intercom.kit import ListAction, Listing, date_time


def listing(v: dict) -> Listing:
    window = {"created_at_after": str(v["createdAfter"])}  # Intercom types the window as text
    if "createdBefore" in v:
        window["created_at_before"] = str(v["createdBefore"])
    return Listing("GET", "/admins/activity_logs", style="page", items_key="activity_logs", params=window)


component = ListAction(
    label="List Activity Logs",
    module="teammates",
    description=(
        "Lists what teammates did in the workspace (sign-ins, settings, exports, deletions, ...) between "
        "two times, page after page up to the limit: an audit trail."
    ),
    item="activity_log",
    item_label="Activity logs",
    inputs=[
        date_time("createdAfter", "From", "The start of the window, e.g. 2024-06-01T00:00:00Z (or Unix "
                  "seconds).", required=True),
        date_time("createdBefore", "Until", "The end of the window; left empty, up to now."),
    ],
    listing=listing,
    per_page=150,
)
receive = component.receive
