"""Webhook intake under hostile input: never a 5xx, never an emission without a valid signature."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from starlette.applications import Starlette

from intercom.webhooks import WebhookInbox, WebhookIntake, sign, webhook_routes
from tests.trigger_support import SECRET, Clock, encoded, notification, signed_headers

T = 1_717_000_000
CONTACT = {"type": "contact", "id": "c1", "email": "a@example.test"}
FUZZ_SEED = 20_240_529


class Intake:
    """The intake over an in-memory inbox, with a count of what it handed on to the triggers."""

    def __init__(self, now: int = T) -> None:
        self.clock = Clock(now)
        self.inbox = WebhookInbox.in_memory(clock=self.clock)
        self.handed_on = 0
        intake = WebhookIntake(SECRET, self.inbox, on_accepted=self._handed_on, clock=self.clock)
        self.app = Starlette(routes=webhook_routes(intake))

    def _handed_on(self) -> None:
        self.handed_on += 1

    async def post(self, body: bytes, headers: dict[str, str] | dict[str, bytes]) -> httpx.Response:
        transport = httpx.ASGITransport(app=self.app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="https://hooks.test") as client:
            return await client.post("/webhooks/intercom", content=body, headers=headers)


def with_item(item: object, **changes: object) -> bytes:
    envelope = {**notification("contact.user.created", CONTACT, created_at=T), **changes}
    envelope["data"] = {"type": "notification_event_data", "item": item}
    return json.dumps(envelope).encode()


def nested(depth: int) -> object:
    value: object = {"id": "deep"}
    for _ in range(depth):
        value = {"child": value}
    return value


HOSTILE = {
    "100k-brackets": b"[" * 100_000,
    "5000-digit-int": with_item(CONTACT).replace(b'"created_at": 1717000000', b'"created_at": ' + b"9" * 5000),
    "lone-surrogate": with_item({**CONTACT, "name": "\ud800"}),
    "900-deep-item": with_item(nested(900)),
    "nan": with_item({**CONTACT, "score": 1.5}).replace(b"1.5", b"NaN"),
    "created-at-1e308": with_item(CONTACT).replace(b'"created_at": 1717000000', b'"created_at": 1e308'),
    "created-at-year-30000": with_item(CONTACT, created_at=10**12),
    "not-utf8": b'{"type": "notification_event", "topic": "\xff\xfe"}',
}


@pytest.mark.parametrize("body", HOSTILE.values(), ids=HOSTILE.keys())
async def test_a_signed_body_that_cannot_be_parsed_gets_400(body: bytes) -> None:
    intake = Intake()
    response = await intake.post(body, signed_headers(body))
    assert (response.status_code, response.json()) == (400, {"status": "not an Intercom notification"})
    assert (intake.handed_on, intake.inbox.pending_count()) == (0, 0)


@pytest.mark.parametrize("body", HOSTILE.values(), ids=HOSTILE.keys())
async def test_an_unsigned_hostile_body_gets_401(body: bytes) -> None:
    intake = Intake()
    response = await intake.post(body, {"X-Hub-Signature": "sha1=" + "0" * 40})
    assert response.status_code == 401 and intake.handed_on == 0


@pytest.mark.parametrize("declared", ["9" * 5000, "-5", "1e9", "0x10"])
async def test_an_odd_content_length_is_never_a_server_error(declared: str) -> None:
    intake = Intake()
    body = with_item(CONTACT)
    response = await intake.post(body, {**signed_headers(body), "Content-Length": declared})
    assert response.status_code < 500


async def test_a_replay_older_than_the_duplicate_window_is_refused() -> None:
    intake = Intake(now=T)
    body = encoded(notification("contact.user.created", CONTACT, note_id="n-old", created_at=T))
    assert (await intake.post(body, signed_headers(body))).status_code == 200
    for pending in intake.inbox.pending():
        intake.inbox.finish(pending.key)
    # Long after: the id has left the duplicate filter, but the body still carries its age.
    intake.clock.now = T + intake.inbox.window_seconds + 3600
    intake.inbox.prune()
    assert intake.inbox.remembered() == 0
    replayed = await intake.post(body, signed_headers(body))
    assert (replayed.status_code, replayed.json()) == (400, {"status": "notification is older than the duplicate window"})
    assert intake.handed_on == 1 and intake.inbox.pending_count() == 0


async def test_a_notification_inside_the_window_is_still_accepted() -> None:
    intake = Intake(now=T + 6 * 86_400)  # six days late, under the seven-day window
    body = encoded(notification("contact.user.created", CONTACT, created_at=T))
    assert (await intake.post(body, signed_headers(body))).status_code == 200
    assert intake.handed_on == 1


# -- fuzz -------------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
envelope_fields = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(["notification_event", "ping", ""]) | st.text(max_size=10),
        "topic": st.sampled_from(["contact.user.created", "ping", "conversation.user.replied"]) | json_values,
        "app_id": st.sampled_from(["wsalpha1", ""]) | json_values,
        "id": st.text(max_size=12) | json_values,
        "created_at": st.integers() | st.floats() | st.text(max_size=5) | st.sampled_from([T, 0, -1, 10**20]),
        "data": st.fixed_dictionaries({}, optional={"item": json_values, "type": json_values}) | json_values,
    },
)
bodies = st.one_of(
    st.binary(max_size=300),
    envelope_fields.map(lambda fields: json.dumps(fields).encode()),
    st.tuples(st.sampled_from("[{"), st.integers(1, 3000)).map(lambda c: (c[0] * c[1]).encode()),
    st.integers(1, 6000).map(lambda n: b'{"created_at": ' + b"7" * n + b"}"),
    st.text(max_size=60).map(lambda t: json.dumps({"topic": t}).encode("utf-8", "surrogatepass")),
)
header_text = st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=60)
signatures = st.one_of(
    st.none(),
    st.just("valid"),
    st.just("valid-upper"),
    header_text,
    st.text("0123456789abcdef", min_size=40, max_size=40).map(lambda h: "sha1=" + h),
)


def headers_for(body: bytes, signature: str | None, extra: dict[str, str]) -> tuple[dict[str, str], bool]:
    headers = dict(extra)
    valid = sign(body, SECRET)
    if signature == "valid":
        headers["X-Hub-Signature"] = valid
    elif signature == "valid-upper":
        headers["X-Hub-Signature"] = valid.upper()
    elif signature is not None:
        headers["X-Hub-Signature"] = signature
    given_sig = headers.get("X-Hub-Signature", "").strip().lower()
    return headers, given_sig == valid


@seed(FUZZ_SEED)
@settings(max_examples=300, deadline=None, database=None, print_blob=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    body=bodies,
    signature=signatures,
    extra=st.dictionaries(
        st.sampled_from(["Content-Type", "Content-Length", "Content-Encoding", "X-Forwarded-For", "X-Hub-Signature-256"]),
        header_text, max_size=3,
    ),
)
def test_fuzz_no_5xx_and_nothing_handed_on_without_a_valid_signature(
    body: bytes, signature: str | None, extra: dict[str, str]
) -> None:
    headers, signed = headers_for(body, signature, extra)
    intake = Intake()
    # Bytes as they come off the wire: any Latin-1 octet, not only ASCII.
    raw = {name: value.encode("latin-1") for name, value in headers.items()}
    response = asyncio.run(intake.post(body, raw))
    context = f"(fuzz seed {FUZZ_SEED}) body={body[:80]!r} headers={headers!r}"
    assert response.status_code < 500, f"{response.status_code} {context}"
    assert response.status_code != 410, context
    if not signed:
        assert intake.handed_on == 0 and intake.inbox.pending_count() == 0, f"emitted unsigned {context}"
