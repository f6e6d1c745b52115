"""Delete News Item: DELETE /news/news_items/{id}; answered with its id."""

from intercom.kit import Action, item_port
from intercom.kit.content import news_item_id

component = Action(
    label="Delete News Item",
    module="news",
    description=(
        "Deletes a news item from every newsfeed. One that does not exist "
        "leaves through the Not found port."
    ),
    call=("DELETE", "/news/news_items/{newsItemId}"),
    inputs=[news_item_id(required=True)],
    out=item_port("Deleted news item", "deleted_object"),
    not_found=True,
)
receive = component.receive
