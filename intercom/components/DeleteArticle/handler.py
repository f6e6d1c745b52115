"""Delete Article: DELETE /articles/{id}; answered with the deleted article's id."""

from intercom.kit import Action, item_port
from intercom.kit.content import article_id

component = Action(
    label="Delete Article",
    module="articles",
    description=(
        "Deletes a help center article for good, with its translations. An article that does not "
        "exist leaves through the Not found port."
    ),
    call=("DELETE", "/articles/{articleId}"),
    inputs=[article_id(required=True)],
    out=item_port("Deleted article", "deleted_object"),
    not_found=True,
)
receive = component.receive
