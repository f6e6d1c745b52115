"""Update News Item: PUT /news/news_items/{id}; Intercom wants title and sender every time."""

from intercom.kit import Action, item_port
from intercom.kit.content import NEWS_SCHEMA, news_fields, news_item_call, news_item_id

component = Action(
    label="Update News Item",
    module="news",
    description=(
        "Changes a news item: its text, state (take it live or back to draft), newsfeeds, labels or "
        "reactions. Intercom asks for the title and sender every time; other fields left empty stay "
        "as they are."
    ),
    call=("PUT", "/news/news_items/{newsItemId}"),
    inputs=[news_item_id(required=True), *news_fields(creating=False)],
    in_schema=NEWS_SCHEMA,
    build=lambda values: news_item_call(component.request(values), values),
    out=item_port("News item", "news_item"),
    not_found=True,
)
receive = component.receive
