"""Get Help Center: GET /help_center/help_centers/{id}; an unknown one goes to notFound."""

from intercom.kit import Action, item_port
from intercom.kit.common import help_center

component = Action(
    label="Get Help Center",
    module="helpcenter",
    description="Fetches one help center: its name, address, custom domain and whether it is public.",
    call=("GET", "/help_center/help_centers/{helpCenterId}"),
    inputs=[help_center(required=True)],
    out=item_port("Help center", "help_center"),
    not_found=True,
)
receive = component.receive
