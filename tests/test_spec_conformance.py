"""Every component's recorded requests, checked against Intercom's own 2.10 OpenAPI file."""

from __future__ import annotations

import json

import httpx
import pytest

from intercom.host import Host
from tests.replay import Scenario, all_scenarios
from tests.spec import MISSING, load_spec, request_problems
from tests.test_scenarios import play

SCENARIOS = all_scenarios()


@pytest.fixture(scope="module")
def spec() -> dict:
    loaded = load_spec()
    if loaded is None:
        pytest.skip(MISSING)
    return loaded


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
async def test_recorded_requests_match_the_spec(spec: dict, host: Host, scenario: Scenario) -> None:
    _, replayer, _ = await play(host, scenario)
    assert replayer.requests, "the scenario sent nothing"
    problems = [p for r in replayer.requests for p in request_problems(spec, r)]
    assert problems == []


def test_checker_catches_a_bad_body(spec: dict) -> None:
    request = httpx.Request("POST", "https://api.intercom.io/conversations",
                            headers={"Intercom-Version": "2.10"},
                            content=json.dumps({"from": {"type": "admin", "id": "1"}}))
    problems = request_problems(spec, request)
    assert any("'body' is a required property" in p for p in problems), problems
    assert any("'admin' is not one of" in p for p in problems), problems


def test_checker_catches_unknown_paths_and_missing_version(spec: dict) -> None:
    assert request_problems(spec, httpx.Request("GET", "https://api.intercom.io/nope")) == [
        "GET /nope: no such operation in the 2.10 spec"]
    assert request_problems(spec, httpx.Request("GET", "https://api.intercom.io/contacts")) == [
        "GET /contacts: Intercom-Version header is not 2.10"]


