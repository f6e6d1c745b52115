"""Get Conversation: GET /conversations/{id}, plus a transcript of every part and whether
Intercom's 500-part cap cut it short."""

from intercom.kit import Action, Port, conversation_id, schema_ref, toggle
from intercom.kit.transcript import TRANSCRIPT_FIELDS, with_transcript

component = Action(
    label="Get Conversation",
    module="conversations",
    description=(
        "Fetches one conversation with its messages, notes and actions, and adds a transcript: every "
        "part in order, as text, with who wrote it. Intercom returns at most the 500 most recent parts; "
        "when a conversation has more, the output says the transcript is truncated."
    ),
    call=("GET", "/conversations/{conversationId}"),
    inputs=[
        conversation_id(required=True),
        toggle("plainText", "Bodies as plain text", "On: Intercom sends the message bodies without HTML.",
               api="query.display_as", convert=lambda on, _: "plaintext" if on else None),
    ],
    result=with_transcript,
    out=Port("Conversation", {"allOf": [schema_ref("conversation"), TRANSCRIPT_FIELDS]}),
    not_found="Conversation not found",
)
receive = component.receive
