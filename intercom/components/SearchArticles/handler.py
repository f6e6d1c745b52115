"""Search Articles: GET /articles/search by phrase, state and help center (one answer, no pages)."""

from intercom.kit import ListAction, Listing, choice, text
from intercom.kit.common import help_center

component = ListAction(
    label="Search Articles",
    module="articles",
    description=(
        "Finds help center articles whose title or content holds a phrase, optionally only drafts or "
        "only published ones, in one help center. Give at least one condition."
    ),
    item="article",
    item_label="Articles",
    inputs=[
        text("phrase", "Phrase", "Words to look for in the articles, e.g. reset password.",
             min_length=1, max_length=255, pattern="\\S", form="text that is not blank"),
        choice("state", "State", "Only published articles, only drafts, or both.",
               [("published", "Published"), ("draft", "Drafts"), ("all", "Both")]),
        help_center(tooltip="Search only this help center's articles; pick one or map a help center ID "
                            "such as 123.", convert=lambda v, _: int(v)),
    ],
    in_schema={"anyOf": [{"required": ["phrase"]}, {"required": ["state"]}, {"required": ["helpCenterId"]}]},
    listing=lambda v: Listing(
        "GET", "/articles/search", style="single", items_key="data.articles",
        params={k: v[ours] for ours, k in (("phrase", "phrase"), ("state", "state"),
                                           ("helpCenterId", "help_center_id")) if ours in v},
    ),
    not_found="No match",
)
receive = component.receive
