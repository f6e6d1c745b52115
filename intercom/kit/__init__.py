"""What components share: the client for the connected account, the request-to-output
patterns (one call, or a paginated listing) and the list output modes.

Components depend on this kit and on the context contract only, never on the host.
"""

from .actions import Call, Listing, action, list_action
from .admins import ACTING_ADMIN, admin_or_acting
from .connection import client_for
from .fields import compact, pick, unix_seconds
from .outputs import DEFAULT_LIMIT, OUTPUT_TYPES, output_port_options, send_records
from .schemas import load_schema

__all__ = [
    "ACTING_ADMIN",
    "DEFAULT_LIMIT",
    "OUTPUT_TYPES",
    "Call",
    "Listing",
    "action",
    "admin_or_acting",
    "client_for",
    "compact",
    "list_action",
    "load_schema",
    "output_port_options",
    "pick",
    "send_records",
    "unix_seconds",
]
