"""The fixed sandbox workspace and the reproducible fake records `SandboxConfig.seed` asks for."""

from __future__ import annotations

from .clock import SECONDS_PER_DAY
from .content import seed_content
from .people import seed_people
from .store import WORKSPACE_ID_CODE, SandboxStore, author_of_admin

_FIRST_NAMES = (
    "Alice",
    "Bruno",
    "Chen",
    "Dana",
    "Emeka",
    "Farah",
    "Goran",
    "Hana",
    "Ines",
    "Jonas",
    "Kiri",
    "Luca",
)
_LAST_NAMES = (
    "Nakamura",
    "Okafor",
    "Petrova",
    "Quinn",
    "Rossi",
    "Silva",
    "Tanaka",
    "Usman",
    "Varga",
    "Weber",
)
_PLACES = (
    ("United States", "California", "San Francisco"),
    ("Ireland", "Dublin", "Dublin"),
    ("Germany", "Berlin", "Berlin"),
    ("Brazil", "Sao Paulo", "Sao Paulo"),
    ("Australia", "New South Wales", "Sydney"),
)
_INDUSTRIES = ("Software", "Retail", "Logistics", "Healthcare", "Education")
_PLANS = ("Starter", "Pro", "Enterprise")
_OPENERS = (
    "Hi, I can't log in to my account",
    "How do I export my invoices?",
    "The mobile app crashes when I upload a photo",
    "Can I change my billing email?",
    "Is there an API for bulk imports?",
    "I need support with the new dashboard",
)

# Seeded history spreads over this many days before the sandbox's "now".
_HISTORY_DAYS = 30


def seed_workspace(store: SandboxStore) -> None:
    """The workspace every sandbox starts with: app, one admin, a team, tags, a ticket type."""
    store.app = {
        "id_code": WORKSPACE_ID_CODE,
        "name": "Sandbox Workspace",
        "region": "US",
        "timezone": "UTC",
        "created_at": 1_700_000_000,
        "identity_verification": False,
        "secure": False,
    }
    ada = store.add_admin("Ada Admin", "ada@sandbox.test", job_title="Support lead")
    support = store.add_team("Support", [ada["id"]])
    opened = store.app["created_at"]
    store.log_activity(ada, "admin_login_success", f"{ada['name']} successfully logged in.",
                       {"sign_in_method": "email_password"}, at=opened)
    store.log_activity(ada, "app_team_creation", f"{ada['name']} created the team {support['name']}.",
                       {"team": {"id": support["id"], "name": support["name"]}}, at=opened + 60)
    for name in ("VIP", "Beta tester"):
        store.add_tag(name)
    ticket_type_id = store.number_id("ticket_type", 1)
    created = store.app["created_at"]
    store.ticket_types[ticket_type_id] = {
        "id": ticket_type_id,
        "category": "Customer",
        "name": "Bug Report",
        "description": "Something in the product does not work as expected",
        "icon": "🐞",
        "created_at": created,
        "updated_at": created,
        "attributes": [
            _ticket_attribute(store, ticket_type_id, "_default_title_", "Title", 0, created),
            _ticket_attribute(store, ticket_type_id, "_default_description_", "Description", 1, created),
        ],
    }
    seed_content(store)
    seed_people(store)


def _ticket_attribute(store: SandboxStore, type_id: str, name: str, label: str, order: int, ts: int) -> dict:
    return {
        "id": store.number_id("ticket_type_attribute", 261),
        "name": name,
        "description": label,
        "data_type": "string",
        "input_options": {"multiline": order == 1},
        "order": order,
        "required_to_create": False,
        "required_to_create_for_contacts": False,
        "visible_on_create": True,
        "visible_to_contacts": True,
        "default": True,
        "ticket_type_id": int(type_id),
        "archived": False,
        "created_at": ts,
        "updated_at": ts,
    }


def seed_records(store: SandboxStore, count: int) -> None:
    """``count`` companies, contacts and conversations, created in chronological order."""
    if count <= 0:
        return
    rng = store.rng
    now = store.now()
    earliest = now - _HISTORY_DAYS * SECONDS_PER_DAY

    def timestamps() -> list[int]:
        return sorted(rng.randint(earliest, now) for _ in range(count))

    companies = []
    for i, created in enumerate(timestamps()):
        name = f"{rng.choice(_LAST_NAMES)} {rng.choice(('Labs', 'Group', 'Systems', 'Co'))}"
        company = store.add_company(
            {
                "company_id": f"cmp-{i + 1:05d}",
                "name": name,
                "plan": {"id": store.number_id("plan", 801), "name": rng.choice(_PLANS)},
                "size": rng.randint(2, 500),
                "website": f"https://{name.lower().replace(' ', '')}.example.com",
                "industry": rng.choice(_INDUSTRIES),
                "monthly_spend": rng.randint(0, 5000),
                "session_count": rng.randint(0, 300),
            },
            created_at=created,
        )
        company["last_request_at"] = rng.randint(created, now)
        companies.append(company)

    contacts = []
    for i, created in enumerate(timestamps()):
        first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
        role = "user" if rng.random() < 0.7 else "lead"
        fields = {
            "role": role,
            "name": f"{first} {last}",
            "email": f"{first.lower()}.{last.lower()}.{i + 1}@example.com",
            "phone": f"+1555{rng.randint(1_000_000, 9_999_999)}",
            "custom_attributes": {"plan_tier": rng.choice(_PLANS).lower()},
        }
        if role == "user":
            fields["external_id"] = f"user-{i + 1:05d}"
            fields["signed_up_at"] = created
        contact = store.add_contact(fields, created_at=created)
        contact["last_seen_at"] = rng.randint(created, now)
        contact["updated_at"] = rng.randint(created, now)
        country, region, city = rng.choice(_PLACES)
        contact["location"] = {"country": country, "region": region, "city": city}
        contact["browser"] = rng.choice(("chrome", "firefox", "safari"))
        contact["os"] = rng.choice(("OS X", "Windows", "Linux", "iOS", "Android"))
        store.attach_company(contact["id"], companies[i]["id"])
        contacts.append(contact)

    vip = store.find_tag_by_name("VIP")
    admin = store.default_admin()
    for i, created in enumerate(timestamps()):
        contact = contacts[rng.randrange(count)]
        created = max(created, contact["created_at"])
        conversation = store.add_conversation(contact, rng.choice(_OPENERS), created_at=created)
        if rng.random() < 0.5:
            reply_at = min(now, created + rng.randint(60, 6 * 3600))
            store.add_part(
                conversation,
                "comment",
                author_of_admin(admin),
                "Thanks, looking into it!",
                created_at=reply_at,
            )
            conversation["waiting_since"] = None
            conversation["teammate_ids"].append(admin["id"])
            conversation["statistics"].update(first_admin_reply_at=reply_at, last_admin_reply_at=reply_at)
            if rng.random() < 0.5:
                conversation.update(state="closed", open=False)
                store.add_part(conversation, "close", author_of_admin(admin), created_at=reply_at)
                conversation["statistics"].update(
                    first_close_at=reply_at, last_close_at=reply_at, last_closed_by_id=admin["id"]
                )
        if vip is not None and i % 10 == 0:
            conversation["_tags"][vip["id"]] = {"applied_at": created, "applied_by": admin["id"]}
