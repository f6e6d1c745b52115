"""List All Companies: GET /companies/scroll, past the 10,000 that page numbers reach."""

from intercom.kit import ListAction, Listing

component = ListAction(
    label="List All Companies",
    module="companies",
    description=(
        "Lists every company of the workspace, also beyond the 10,000 List Companies can reach, "
        "through Intercom's scroll. Only one such listing can run per workspace at a time; another "
        "started meanwhile fails until the first ends or idles for a minute."
    ),
    item="company",
    item_label="Companies",
    listing=Listing("GET", "/companies/scroll", style="scroll"),
)
receive = component.receive
