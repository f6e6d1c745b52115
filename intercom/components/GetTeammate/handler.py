"""Get Teammate: GET /admins/{id}."""

from intercom.kit import Action, item_port, teammate

component = Action(
    label="Get Teammate",
    module="teammates",
    description="Fetches one teammate (admin) with their teams and away status.",
    call=("GET", "/admins/{adminId}"),
    inputs=[teammate(tooltip="The teammate to fetch; pick one or map a teammate ID such as 814860.",
                     required=True)],
    out=item_port("Teammate", "admin"),
    not_found="Teammate not found",
)
receive = component.receive
