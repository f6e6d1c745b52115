"""X-Hub-Signature: HMAC-SHA1 of the raw body, keyed by the app's client secret."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from intercom.webhooks import InvalidSignatureError, sign, verify_signature
from intercom.webhooks import signature as signature_module
from tests.trigger_support import SECRET, encoded, notification

BODY = encoded(notification("conversation.user.created", {"type": "conversation", "id": "1"}))


def test_sign_is_sha1_hmac_of_the_raw_body_keyed_by_the_client_secret() -> None:
    expected = hmac.new(SECRET.encode(), BODY, hashlib.sha1).hexdigest()
    assert sign(BODY, SECRET) == f"sha1={expected}"


def test_a_correct_signature_passes() -> None:
    verify_signature(BODY, sign(BODY, SECRET), SECRET)


def test_uppercase_hex_and_surrounding_spaces_still_match() -> None:
    header = sign(BODY, SECRET)
    verify_signature(BODY, f"  sha1={header[5:].upper()} ", SECRET)


@pytest.mark.parametrize(("header", "reason"), [
    (None, "header is missing"),
    ("", "header is missing"),
    ("sha256=" + "0" * 64, "not of the form"),
    ("sha1=abc", "not of the form"),
    ("sha1=" + "z" * 40, "not of the form"),
    (hmac.new(SECRET.encode(), BODY, hashlib.sha1).hexdigest(), "not of the form"),  # no prefix
])
def test_unsigned_or_malformed_headers_are_refused(header: str | None, reason: str) -> None:
    with pytest.raises(InvalidSignatureError, match=reason):
        verify_signature(BODY, header, SECRET)


def test_a_signature_made_with_another_secret_is_refused() -> None:
    with pytest.raises(InvalidSignatureError, match="does not match"):
        verify_signature(BODY, sign(BODY, "someone-elses-secret"), SECRET)


def test_a_tampered_body_is_refused() -> None:
    tampered = BODY.replace(b'"id":"1"', b'"id":"2"')
    assert tampered != BODY
    with pytest.raises(InvalidSignatureError, match="does not match"):
        verify_signature(tampered, sign(BODY, SECRET), SECRET)


def test_the_same_json_serialised_differently_is_refused() -> None:
    """Only the bytes as sent count: decoding and re-encoding changes them."""
    pretty = json.dumps(json.loads(BODY), indent=2).encode()
    assert json.loads(pretty) == json.loads(BODY)
    with pytest.raises(InvalidSignatureError, match="does not match"):
        verify_signature(pretty, sign(BODY, SECRET), SECRET)


def test_non_ascii_bodies_are_signed_as_bytes() -> None:
    body = encoded(notification("contact.user.created", {"type": "contact", "id": "1", "name": "Zoë Ørsted"}))
    body = body.replace(b"\\u00eb", "ë".encode()).replace(b"\\u00d8", "Ø".encode())
    verify_signature(body, sign(body, SECRET), SECRET)


def test_an_empty_secret_refuses_everything_rather_than_accepting_everything() -> None:
    with pytest.raises(InvalidSignatureError, match="no client secret"):
        verify_signature(BODY, sign(BODY, ""), "")


def test_the_comparison_is_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(signature_module.hmac, "compare_digest", spy)
    verify_signature(BODY, sign(BODY, SECRET), SECRET)
    assert compared == [(sign(BODY, SECRET).encode(), sign(BODY, SECRET).encode())]
