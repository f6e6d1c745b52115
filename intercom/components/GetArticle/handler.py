"""Get Article: GET /articles/{id}; an unknown article goes to the notFound port."""

from intercom.kit import Action, item_port
from intercom.kit.content import article_id

component = Action(
    label="Get Article",
    module="articles",
    description=(
        "Fetches one help center article with its body, translations and reader statistics. An "
        "article that does not exist (or was deleted) leaves through the Not found port."
    ),
    call=("GET", "/articles/{articleId}"),
    inputs=[article_id(required=True)],
    out=item_port("Article", "article"),
    not_found=True,
)
receive = component.receive
