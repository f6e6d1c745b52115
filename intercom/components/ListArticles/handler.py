"""List Articles: GET /articles, page-numbered, most recently updated first."""

from intercom.kit import ListAction, Listing

component = ListAction(
    label="List Articles",
    module="articles",
    description=(
        "Lists the help center articles of the workspace, drafts and published ones, the most recently "
        "updated first, page after page up to the limit you set."
    ),
    item="article",
    item_label="Articles",
    listing=Listing("GET", "/articles", style="page"),
)
receive = component.receive
