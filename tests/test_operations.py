"""Every operation of Intercom's 2.10 spec is called by at least one component.

"Called" means a recorded fixture (tests/fixtures/<Component>/*.json) of some component sends a
request that the spec resolves to that operation: the fixture replay proves the component
really sends it. Operations the catalog does not cover yet are listed in NOT_YET_COVERED, by
the catalog issue that adds them; the list may only shrink (a listed operation that is now
covered fails too, so the list stays true).
"""

from __future__ import annotations

from functools import cache

import pytest

from tests.replay import all_scenarios
from tests.spec import MISSING, find_operation, load_spec

# Each entry is an operationId no fixture calls yet, grouped by the issue that adds it.
NOT_YET_COVERED: set[str] = set()


def _all_operations(spec: dict) -> dict[str, tuple[str, str]]:
    ops = {}
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if isinstance(op, dict) and "operationId" in op:
                ops[op["operationId"]] = (method.upper(), path)
    return ops


@cache
def _called() -> dict[str, str]:
    """operationId -> the first component whose fixture calls it."""
    spec = load_spec()
    called: dict[str, str] = {}
    for scenario in all_scenarios():
        for exchange in scenario.exchanges:
            request = exchange["request"]
            operation = find_operation(spec, request["method"], request["path"])
            if operation is not None:
                called.setdefault(operation.op["operationId"], scenario.component)
    return called


SPEC = load_spec()
OPERATIONS = _all_operations(SPEC) if SPEC else {}


@pytest.mark.skipif(SPEC is None, reason=MISSING)
@pytest.mark.parametrize("operation_id", sorted(OPERATIONS) or ["(spec missing)"])
def test_operation_is_called_by_a_component(operation_id: str) -> None:
    called = _called()
    method, path = OPERATIONS[operation_id]
    if operation_id in NOT_YET_COVERED:
        assert operation_id not in called, (
            f"{operation_id} is now called by {called.get(operation_id)}: remove it from NOT_YET_COVERED"
        )
        pytest.skip(f"{operation_id} ({method} {path}) is not in the catalog yet")
    assert operation_id in called, f"no component's fixture calls {operation_id} ({method} {path})"
