"""Update Ticket: PUT /tickets/{id}: state, open or closed, sharing, snooze, assignment, attributes."""

from intercom.client import endpoint
from intercom.kit import Action, Call, Group, admin_or_acting, choice, date_time, item_port, team, teammate
from intercom.kit.common import TICKET_STATES, ticket_id
from intercom.kit.ticket_attributes import other_attributes, ticket_attributes, title_and_description

PLAIN = {"state": "state", "open": "open", "isShared": "is_shared", "snoozedUntil": "snoozed_until"}


def build(v: dict) -> Call:
    body = {api: v[ours] for ours, api in PLAIN.items() if ours in v}
    attributes = ticket_attributes(v, {})
    if attributes:
        body["ticket_attributes"] = attributes
    assignee = v.get("assigneeId", v.get("teamAssigneeId"))
    if assignee is not None:
        body["assignment"] = {"admin_id": admin_or_acting(v.get("adminId")), "assignee_id": str(assignee)}
    return Call("PUT", endpoint("/tickets/{id}", id=v["ticketId"]), json=body)


def _yes_no(key: str, label: str, tooltip: str, yes: str, no: str) -> object:
    return choice(key, label, tooltip, [("yes", yes), ("no", no)], convert=lambda value, _: value == "yes")


component = Action(
    label="Update Ticket",
    module="tickets",
    description=(
        "Moves a ticket along: its state, open or closed, shared with the customer or not, snoozed "
        "until a time, assigned to a teammate or team, and its attributes. Only what you fill in "
        "changes. The answer is the updated ticket."
    ),
    inputs=[
        ticket_id(required=True),
        Group(
            "status", "Status",
            choice("state", "State", "The ticket's new state.", TICKET_STATES),
            _yes_no("open", "Open or closed", "Close the ticket, or open it again. Closing also ends a "
                    "snooze.", "Open", "Closed"),
            _yes_no("isShared", "Shared with the customer", "Whether the customer can see the ticket.",
                    "Shared", "Not shared"),
            date_time("snoozedUntil", "Snooze until",
                      "When the ticket comes back, e.g. 2024-07-01T09:00:00Z (or Unix seconds)."),
        ),
        Group(
            "assignment", "Assignment",
            teammate("assigneeId", "Assign to teammate", "The teammate who takes the ticket; 0 leaves it "
                     "with no teammate. Give this or a team, not both."),
            team("teamAssigneeId", "Or assign to team", "The team that takes the ticket; 0 leaves it with "
                 "no team."),
            teammate(tooltip="Who makes the assignment. Left empty: the teammate who connected the account."),
        ),
        Group("attributes", "Attributes", *title_and_description(), other_attributes()),
    ],
    in_schema={"not": {"required": ["assigneeId", "teamAssigneeId"]}},
    build=build,
    out=item_port("Ticket", "ticket"),
    not_found="Ticket not found",
)
receive = component.receive
