"""Redact Conversation Part: POST /conversations/redact, a reply or note, or the first message."""

from intercom.kit import Action, Call, choice, identifier, item_port
from intercom.kit.conversation_parts import conversation

SOURCE = {"eq": {"./what": "source"}}
PART = {"eq": {"./what": "conversation_part"}}


def build(v: dict) -> Call:
    if v.get("what") == "source":
        body = {"type": "source", "conversation_id": v["conversationId"], "source_id": v["sourceId"]}
    else:
        body = {"type": "conversation_part", "conversation_id": v["conversationId"],
                "conversation_part_id": v["partId"]}
    return Call("POST", "/conversations/redact", json=body)


component = Action(
    label="Redact Conversation Part",
    module="conversations",
    description=(
        "Permanently blanks out one message of a conversation, a reply or note or the first message, "
        "e.g. one that holds a card number. It cannot be undone. The answer is the updated conversation."
    ),
    inputs=[
        conversation("redact in"),
        choice("what", "Redact", "A reply or note (a conversation part), or the conversation's first "
               "message (its source).",
               [("conversation_part", "A reply or note"), ("source", "The first message")],
               default="conversation_part"),
        identifier("partId", "Part ID", "The ID of the reply or note, e.g. from the transcript of Get "
                   "Conversation (digits, such as 7183514).", what="a conversation part ID (digits)",
                   pattern="^[0-9]{1,20}$", when=PART),
        identifier("sourceId", "First message ID", "The ID of the first message: the source id of the "
                   "conversation (digits, such as 403918330).", what="a conversation source ID (digits)",
                   pattern="^[0-9]{1,20}$", when=SOURCE),
    ],
    in_schema={"if": {"required": ["what"], "properties": {"what": {"const": "source"}}},
               "then": {"required": ["sourceId"]}, "else": {"required": ["partId"]}},
    build=build,
    out=item_port("Conversation", "conversation"),
    not_found="Conversation or part not found",
)
receive = component.receive
