"""Create Article: POST /articles, a draft or published article by a teammate, in a collection."""

from intercom.kit import Action, Call, item_port
from intercom.kit.content import article_fields


def build(values: dict) -> Call:
    call = component.request(values)
    if "parentId" in values:
        call.json["parent_type"] = "collection"
    return call


component = Action(
    label="Create Article",
    module="articles",
    description=(
        "Writes a new help center article, as a draft or published straight away, with a teammate as "
        "its author and optionally inside a collection. The answer is the new article."
    ),
    call=("POST", "/articles"),
    inputs=article_fields(creating=True),
    build=build,
    out=item_port("Article", "article"),
)
receive = component.receive
