"""Get Team: GET /teams/{id}."""

from intercom.kit import Action, item_port, team

component = Action(
    label="Get Team",
    module="teams",
    description="Fetches one team with the IDs of its teammates.",
    call=("GET", "/teams/{teamId}"),
    inputs=[team(tooltip="The team to fetch; pick one or map a team ID such as 5017691.", required=True)],
    out=item_port("Team", "team"),
    not_found="Team not found",
)
receive = component.receive
