"""Set Teammate Away: PUT /admins/{id}/away, with or without reassigning their conversations."""

from intercom.kit import Action, choice, item_port, teammate, toggle

component = Action(
    label="Set Teammate Away",
    module="teammates",
    description=(
        "Sets a teammate away or back. While away, Intercom can hand their new replies to the rest of "
        "the team instead of keeping them. The answer is the teammate."
    ),
    call=("PUT", "/admins/{adminId}/away"),
    inputs=[
        teammate(tooltip="The teammate to set away or back; pick one or map a teammate ID.", required=True),
        choice("away", "Status", "Away, or back at work.", [("away", "Away"), ("back", "Back")],
               default="away", api="body.away_mode_enabled", convert=lambda v, _: v == "away"),
        toggle("reassign", "Reassign replies while away", "On: conversations that get a reply while the "
               "teammate is away go back to the team's inbox.", default=False, api="body.away_mode_reassign"),
    ],
    out=item_port("Teammate", "admin"),
    not_found="Teammate not found",
)
receive = component.receive
