"""Get Contact: GET /contacts/{id}; a missing contact goes to the notFound port."""

from intercom.client import endpoint
from intercom.kit import Call, action

receive = action(
    lambda data: Call("GET", endpoint("/contacts/{id}", id=data["id"])),
    not_found_port="notFound",
)
