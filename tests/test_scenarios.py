"""Every recorded scenario: the exact requests sent, and exactly what the component emits."""

from __future__ import annotations

import pytest
import respx
from jsonschema import Draft202012Validator

from intercom import client as errors
from intercom.host import Bundle, Host
from tests.replay import BASE_URL, TOKEN, Replayer, Scenario, all_scenarios, assert_subset

SCENARIOS = all_scenarios()


async def play(host: Host, scenario: Scenario) -> tuple[list, Replayer, Exception | None]:
    replayer = Replayer(scenario.exchanges)
    with respx.mock(base_url=BASE_URL, assert_all_mocked=True, assert_all_called=False) as router:
        router.route().mock(side_effect=replayer)
        try:
            emitted = await host.run(scenario.component, scenario.input, properties=scenario.properties)
        except errors.IntercomError as exc:
            return [], replayer, exc
    return emitted, replayer, None


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
async def test_scenario(host: Host, bundle: Bundle, scenario: Scenario) -> None:
    emitted, replayer, error = await play(host, scenario)
    replayer.assert_done()
    for request, exchange in zip(replayer.requests, scenario.exchanges, strict=True):
        assert request.headers["Authorization"] == f"Bearer {TOKEN}"
        assert request.headers["Intercom-Version"] == "2.10"
        # JSON everywhere, except where the recording says otherwise (export downloads).
        recorded = exchange["request"].get("headers") or {}
        assert request.headers["Accept"] == recorded.get("Accept", "application/json")

    if scenario.error:
        assert error is not None, "the component should have failed"
        assert type(error).__name__ == scenario.error["type"]
        for key in ("status", "code", "request_id"):
            if key in scenario.error:
                assert getattr(error, key) == scenario.error[key]
        assert TOKEN not in str(error)
        return
    assert error is None, f"unexpected failure: {error}"
    got = [m.as_dict() for m in emitted]
    if scenario.emitted is not None:
        assert got == scenario.emitted
    else:
        assert scenario.emitted_partial is not None, "a scenario must state what is emitted"
        assert [m["port"] for m in got] == [m["port"] for m in scenario.emitted_partial]
        for want, have in zip(scenario.emitted_partial, got, strict=True):
            assert_subset(want["data"], have["data"])

    component = bundle.find(scenario.component)
    if scenario.properties.get("generateInspector"):
        # The Designer's static call: the answer is an Inspector ({inputs, groups}), not a record.
        assert [m["port"] for m in got] == ["out"] and isinstance(got[0]["data"].get("inputs"), dict)
        return
    for message in got:
        schema = component.out_port(message["port"]).get("schema")
        assert schema, f"{component.short_name} port {message['port']} has no schema"
        Draft202012Validator(schema).validate(message["data"])


def test_every_component_has_a_scenario(bundle: Bundle) -> None:
    covered = {s.component for s in SCENARIOS}
    missing = [c.short_name for c in bundle.components if c.short_name not in covered and not c.is_trigger]
    assert not missing, f"components without a recorded scenario: {missing}"
