"""What components share: declarations that render manifests and handle messages, their inputs,
the client for the connected account and the list output modes.

Components depend on this kit and on the context contract only, never on the host.
"""

from .admins import ACTING_ADMIN, admin_or_acting
from .calls import Call, Listing
from .common import contact_id, conversation_id, tag, team, teammate
from .connection import client_for
from .declare import Action, ListAction, Port, Spec, item_port, schema_ref
from .fields import compact, pick, unix_seconds
from .inputs import (
    Group,
    Input,
    choice,
    date_time,
    dropdown,
    identifier,
    json_value,
    key_value,
    number,
    string_list,
    text,
    textarea,
    toggle,
)
from .outputs import DEFAULT_LIMIT, OUTPUT_TYPES

__all__ = [
    "ACTING_ADMIN",
    "DEFAULT_LIMIT",
    "OUTPUT_TYPES",
    "Action",
    "Call",
    "Group",
    "Input",
    "ListAction",
    "Listing",
    "Port",
    "Spec",
    "admin_or_acting",
    "choice",
    "client_for",
    "compact",
    "contact_id",
    "conversation_id",
    "date_time",
    "dropdown",
    "identifier",
    "item_port",
    "json_value",
    "key_value",
    "number",
    "pick",
    "schema_ref",
    "string_list",
    "tag",
    "team",
    "teammate",
    "text",
    "textarea",
    "toggle",
    "unix_seconds",
]
