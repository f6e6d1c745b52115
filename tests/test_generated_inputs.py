"""Inputs generated from each action's own inPort schema, as a conformance check would make them.

For every generated input the component must either send requests that Intercom's 2.10 spec
accepts (method, path, query, body) or refuse it as bad input before sending anything; it must
never crash. MakeApiCall's requests go wherever the user says, so for it only "never crash" and
"never another host" are checked.

The run has a fixed budget, ``GENERATED_TOTAL`` examples (default 1,200) shared by all actions,
at least ``GENERATED_MIN`` (8) each, from the seed ``GENERATED_SEED`` (random unless set;
printed on failure, so a failure can be replayed). The exhaustive sweep is the same test with a
large budget per action: ``GENERATED_PER_COMPONENT=1500 python -m pytest tests/test_generated_inputs.py``.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import random
from typing import Any

import httpx
import pytest
import respx
from hypothesis import HealthCheck, given, seed, settings
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator

from intercom.client import APIError, InputError, endpoint
from intercom.host import Bundle, CancelError, Host
from tests.replay import TOKEN
from tests.spec import MISSING, load_spec, request_problems

BUNDLE = Bundle.load()
ACTIONS = [c for c in BUNDLE.components if not c.is_trigger]
ANSWER = {"type": "contact", "id": "6657ad000000000000000001", "conversation_id": "1", "data": [],
          "conversations": [], "companies": [], "segments": [], "events": [], "pages": {"type": "pages", "page": 1},
          # Each listing's own key: a page without its list is an error, not an empty page.
          "admins": [], "activity_logs": [], "teams": [], "ticket_types": [], "tickets": [],
          "ticket_type_attributes": {"ticket_type_attributes": []}}
# Operations whose answer has another shape than the generic one: (method, path prefix) -> body.
SHAPED_ANSWERS: dict[tuple[str, str], Any] = {
    ("GET", "/articles/search"): {"type": "list", "total_count": 0, "data": {"articles": [], "highlights": []}},
    # An export that is ready at once, so Export Content Data downloads without waiting.
    ("POST", "/export/content/data"): {"job_identifier": "gen0job0ident", "status": "completed"},
    ("GET", "/export/content/data/"): {"job_identifier": "gen0job0ident", "status": "completed"},
    ("POST", "/export/cancel/"): {"job_identifier": "gen0job0ident", "status": "canceled"},
    ("GET", "/download/content/data/"): lambda _: httpx.Response(200, content=gzip.compress(b"user_id\n1\n")),
}


def answer_for(request: httpx.Request) -> httpx.Response:
    for (method, prefix), body in SHAPED_ANSWERS.items():
        if request.method == method and request.url.path.startswith(prefix):
            return body(request) if callable(body) else httpx.Response(200, json=body)
    return httpx.Response(200, json=ANSWER)
SEED = int(os.environ.get("GENERATED_SEED") or random.randrange(1 << 30))
PER_COMPONENT = int(os.environ.get("GENERATED_PER_COMPONENT") or max(
    int(os.environ.get("GENERATED_MIN", "8")), int(os.environ.get("GENERATED_TOTAL", "1200")) // max(1, len(ACTIONS))
))


def run_once(name: str, content: dict[str, Any], host: Host | None = None,
             loop: asyncio.AbstractEventLoop | None = None) -> tuple[list[httpx.Request], Exception | None]:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return answer_for(request)

    host = host or Host(BUNDLE, connection={"accessToken": TOKEN, "adminId": "991267"})
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        router.route(host="api.intercom.io").mock(side_effect=answer)
        try:
            if loop is None:
                asyncio.run(host.run(name, content))
            else:
                loop.run_until_complete(host.run(name, content))
        except (CancelError, InputError, APIError) as exc:
            return sent, exc
    return sent, None


@pytest.mark.parametrize("component", ACTIONS, ids=[c.short_name for c in ACTIONS])
def test_generated_inputs_make_valid_requests(component) -> None:
    spec = load_spec()
    if spec is None and component.short_name != "MakeApiCall":
        pytest.skip(MISSING)
    refused: list[str] = []
    tried: list[int] = []
    # One host (and so one pooled client) and one event loop for all of this action's examples.
    loop = asyncio.new_event_loop()
    host = Host(BUNDLE, connection={"accessToken": TOKEN, "adminId": "991267"})
    # The generator ignores some 2020-12 keywords (dependentRequired): what it makes against
    # them is dropped, since the schema itself rules it out.
    schema = component.in_port()["schema"]

    @seed(SEED)
    @settings(max_examples=PER_COMPONENT, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
    @given(from_schema(schema).filter(Draft202012Validator(schema).is_valid))
    def check(content: dict[str, Any]) -> None:
        tried.append(1)
        sent, error = run_once(component.short_name, content, host, loop)
        if error is not None:
            assert not sent, f"refused after sending {len(sent)} request(s): {error}"
            refused.append(str(error))
            return
        assert sent, "accepted input but sent nothing"
        for request in sent:
            assert request.url.host == "api.intercom.io"
            if component.short_name != "MakeApiCall":
                assert request_problems(spec, request) == []

    try:
        check()
    except BaseException as exc:
        exc.add_note(f"replay with GENERATED_SEED={SEED} GENERATED_PER_COMPONENT={PER_COMPONENT}")
        raise
    finally:
        loop.run_until_complete(host.aclose())
        loop.close()
    # Refusing is for input no schema can rule out (reserved headers, impossible dates): it must
    # stay the exception, or the schema promises what the handler will not do. URLs on other
    # hosts are MakeApiCall's deliberate refusal; JSON typed as text cannot be checked by a schema.
    expected = ("only URLs on https://api.intercom.io", "is not valid JSON", "must be a JSON")
    unexpected = [r for r in refused if not any(why in r for why in expected)]
    assert len(unexpected) <= len(tried) // 4, (f"seed {SEED}", unexpected[:5])


def test_generated_surrogates_and_nan_never_crash() -> None:
    sent, error = run_once("CreateContact", {"email": "a@b.test", "name": "bad \ud83d half"})
    assert error is None and b"\\ud83d" in sent[0].content
    assert endpoint("/contacts/{id}", id="x\ud83dy") == "/contacts/x%3Fy"
    sent, error = run_once("CreateContact", {"email": "a@b.test", "customAttributes": {"score": float("nan")}})
    assert isinstance(error, CancelError | InputError) and not sent
    assert "NaN" in str(error)

