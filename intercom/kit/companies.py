"""The company's writable fields as inputs, shared by Create or Update Company and Update Company."""

from __future__ import annotations

from .common import custom_attributes
from .inputs import Group, Input, date_time, number, string_list, text

# Intercom keeps whole numbers in 32 bits (it truncates monthly spend to that).
MAX_INT32 = 2**31 - 1
COMPANY_DETAILS = ("name", "plan", "size", "website", "industry", "monthlySpend", "remoteCreatedAt",
                   "customAttributes")


def external_company_id(**more: object) -> Input:
    return text("companyExternalId", "Your company ID",
                "Your own unique ID of the company (its company_id in Intercom), e.g. acme-ltd. It is the "
                "key: a company with this ID is updated, otherwise one is created. It cannot change later.",
                min_length=1, max_length=255, api="body.company_id", **more)


def company_details() -> Group:
    return Group(
        "details", "Details",
        text("name", "Name", "The company's name, e.g. Acme Ltd.", max_length=255),
        text("plan", "Plan", "The name of the plan the company is on, e.g. Enterprise.", max_length=255),
        number("size", "Employees", "How many people work at the company.", minimum=0, maximum=MAX_INT32),
        text("website", "Website", "The company's web address, e.g. https://acme.example.",
             format="uri", pattern="^https?://", form="an http or https URL", max_length=2048),
        text("industry", "Industry", "The company's industry, e.g. Logistics.", max_length=255),
        number("monthlySpend", "Monthly spend", "How much the company pays you a month, a whole number "
               "(Intercom drops decimals).", minimum=0, maximum=MAX_INT32),
        date_time("remoteCreatedAt", "Created in your system at", "When the company was created in your "
                  "own product."),
        custom_attributes("company", text_only=True),
    )


def company_ids(**more: object) -> Input:
    """Several companies' Intercom IDs (at least one, at most 100), one per line or a list."""
    one = {"type": "string", "pattern": "^[0-9A-Za-z_-]{1,64}$", "description": "an Intercom company ID"}
    field = string_list("companyIds", "Company IDs", "The companies' Intercom IDs, one per line, e.g. "
                        "6657ac356abd0166b52ae1c4.", item=one, max_items=100, **more)
    return field.but(schema={
        "anyOf": [{"type": "array", "items": one, "minItems": 1, "maxItems": 100},
                  {"type": "string", "pattern": "[0-9A-Za-z_-]"}],
        "description": "one company ID per line, or a list",
    })
