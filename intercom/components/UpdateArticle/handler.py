"""Update Article: PUT /articles/{id} with only the fields given."""

from intercom.kit import Action, Call, item_port
from intercom.kit.content import article_fields, article_id

FIELDS = article_fields(creating=False)


def build(values: dict) -> Call:
    call = component.request(values)
    if "parentId" in values:
        call.json["parent_type"] = "collection"
    return call


component = Action(
    label="Update Article",
    module="articles",
    description=(
        "Changes a help center article: title, summary, body, author, state (publish or unpublish), "
        "collection or translations. Fields left empty stay as they are."
    ),
    call=("PUT", "/articles/{articleId}"),
    inputs=[article_id(required=True), *FIELDS],
    in_schema={"anyOf": [{"required": [i.key]} for i in FIELDS]},
    build=build,
    out=item_port("Article", "article"),
    not_found=True,
)
receive = component.receive
