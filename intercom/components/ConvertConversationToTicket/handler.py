"""Convert Conversation to Ticket: POST /conversations/{id}/convert, the type's attributes as inputs."""

from typing import Any

from intercom.client import IntercomClient, endpoint
from intercom.kit import Action, item_port
from intercom.kit.common import ticket_type
from intercom.kit.conversation_parts import conversation
from intercom.kit.declare import input_message
from intercom.kit.ticket_attributes import (
    answered_inspector_call,
    inspector_source,
    other_attributes,
    pattern_properties,
    ticket_attributes,
    title_and_description,
)


async def convert(context: Any, intercom: IntercomClient, v: dict[str, Any]) -> Any:
    if await answered_inspector_call(context, intercom, component, v):
        return None
    body: dict[str, Any] = {"ticket_type_id": v["ticketTypeId"]}
    attributes = ticket_attributes(v, input_message(context))
    if attributes:
        body["attributes"] = attributes
    return await intercom.post(endpoint("/conversations/{id}/convert", id=v["conversationId"]), body)


component = Action(
    label="Convert Conversation to Ticket",
    module="conversations",
    description=(
        "Turns a conversation into a ticket of the type you pick, with the type's attributes as inputs. "
        "The conversation's messages move to the ticket. The answer is the new ticket."
    ),
    inputs=[
        conversation("turn into a ticket"),
        ticket_type(required=True),
        *title_and_description(),
        other_attributes(),
    ],
    in_schema=pattern_properties(),
    inspector_source=inspector_source("conversations", "ConvertConversationToTicket"),
    run=convert,
    out=item_port("Ticket", "ticket"),
    not_found="Conversation or ticket type not found",
)
receive = component.receive
