"""The manifest validator, on the real bundle and on copies broken one way at a time."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from intercom.host import validate_package
from intercom.host.bundle import PACKAGE_DIR


def test_the_shipped_bundle_is_valid() -> None:
    assert [str(p) for p in validate_package()] == []


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A throwaway copy of the package (components, schemas, service, quota) and bundle.json."""
    root = tmp_path / "repo"
    pkg = root / "intercom"
    for part in ("components", "schemas", "kit"):
        shutil.copytree(PACKAGE_DIR / part, pkg / part, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("service.json", "quota.json"):
        shutil.copy(PACKAGE_DIR / name, pkg / name)
    shutil.copy(PACKAGE_DIR.parent / "bundle.json", root / "bundle.json")
    return pkg


def edit(path: Path, change: Callable[[dict], None]) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def problems(pkg: Path) -> list[str]:
    return [str(p) for p in validate_package(pkg)]


def test_copy_is_valid(package: Path) -> None:
    assert problems(package) == []


BREAKAGES = {
    "inspector input names no schema field": (
        "GetContact",
        lambda m: m["inPorts"][0]["inspector"]["inputs"].update({"ghost": {"type": "text", "index": 9, "label": "G"}}),
        "components/GetContact/component.json: inPorts[0].inspector.inputs.ghost: names no field of the schema",
    ),
    "port schema is not a JSON Schema": (
        "ListContacts",
        lambda m: m["inPorts"][0]["schema"]["properties"].update({"limit": {"type": "integr"}}),
        "components/ListContacts/component.json: inPorts[0].schema: is not a valid JSON Schema",
    ),
    "wrong auth service": (
        "CreateContact",
        lambda m: m["auth"].update({"service": "acme:zendesk"}),
        "components/CreateContact/component.json: auth.service: 'acme:intercom' was expected",
    ),
    "quota manager mismatch": (
        "CreateContact",
        lambda m: m["quota"].update({"manager": "other:svc"}),
        "components/CreateContact/component.json: quota.manager: 'acme:intercom' was expected",
    ),
    "unknown quota resource": (
        "GetContact",
        lambda m: m["quota"].update({"resources": "searches"}),
        "components/GetContact/component.json: quota.resources: 'searches' is not a rule resource",
    ),
    "name does not match folder": (
        "GetContact",
        lambda m: m.update({"name": "acme.intercom.core.FetchContact"}),
        "components/GetContact/component.json: name: must end with the folder name 'GetContact'",
    ),
    "bad name shape": (
        "GetContact",
        lambda m: m.update({"name": "appmixer.intercom.GetContact"}),
        "components/GetContact/component.json: name: 'appmixer.intercom.GetContact' does not match",
    ),
    "tick without tick()": (
        "GetContact",
        lambda m: m.update({"tick": True}),
        "components/GetContact/component.json: (handler): defines no tick() although the manifest implies it",
    ),
    "dropdown source names no component": (
        "CreateContact",
        lambda m: m["inPorts"][0]["inspector"]["inputs"]["ownerId"]["source"].update(
            {"url": "/component/acme/intercom/core/ListAdmins?outPort=out"}),
        "components/CreateContact/component.json: inPorts[0].inspector.inputs.ownerId.source.url: "
        "'/component/acme/intercom/core/ListAdmins?outPort=out' names no component of the bundle",
    ),
    "dropdown transformer missing": (
        "ReplyToConversation",
        lambda m: m["inPorts"][0]["inspector"]["inputs"]["adminId"]["source"]["data"].update(
            {"transform": "../../kit/transformers#nobody_to_options"}),
        "components/ReplyToConversation/component.json: inPorts[0].inspector.inputs.adminId.source.data.transform: "
        "transformers.py defines no nobody_to_options()",
    ),
    "output source port missing": (
        "ListContacts",
        lambda m: m["outPorts"][0]["source"].update({"url": "/component/acme/intercom/contacts/ListContacts?outPort=items"}),
        "components/ListContacts/component.json: outPorts[0].source.url: ListContacts has no output port 'items'",
    ),
    "missing label": (
        "MakeApiCall",
        lambda m: m.pop("label"),
        "components/MakeApiCall/component.json: (top level): 'label' is a required property",
    ),
}


@pytest.mark.parametrize("case", list(BREAKAGES), ids=list(BREAKAGES))
def test_broken_manifest_is_reported_with_file_and_field(package: Path, case: str) -> None:
    folder, change, expected = BREAKAGES[case]
    edit(package / "components" / folder / "component.json", change)
    found = problems(package)
    assert any(p.startswith("intercom/" + expected) for p in found), found


def test_missing_handler_and_duplicate_names(package: Path) -> None:
    (package / "components" / "GetContact" / "handler.py").unlink()
    shutil.copytree(package / "components" / "ListContacts", package / "components" / "ListContacts2")
    found = problems(package)
    assert "intercom/components/GetContact/component.json: (handler): handler.py is missing beside component.json" in found
    assert any("ListContacts2/component.json: name: 'acme.intercom.contacts.ListContacts' is already used" in p
               for p in found), found


def test_handler_receive_must_be_async(package: Path) -> None:
    (package / "components" / "GetContact" / "handler.py").write_text("def receive(context):\n    pass\n")
    assert "intercom/components/GetContact/component.json: (handler): receive() must be an async function" in problems(package)


def test_bundle_version_needs_changelog_entry(package: Path) -> None:
    edit(package.parent / "bundle.json", lambda b: b.update({"version": "9.9.9"}))
    assert "bundle.json: changelog: has no entry for version '9.9.9'" in problems(package)


def test_invalid_json_names_the_file(package: Path) -> None:
    (package / "components" / "GetContact" / "component.json").write_text("{not json")
    found = problems(package)
    assert len(found) == 1 and "GetContact/component.json: invalid JSON at line 1" in found[0]


def test_admin_dropdown_transformer_turns_make_api_call_output_into_options() -> None:
    from intercom.kit.transformers import admins_to_options

    out = {"status": 200, "headers": {}, "body": {"type": "admin.list", "admins": [
        {"type": "admin", "id": "991267", "name": "Ada Admin", "email": "ada@acme.test"},
        {"type": "admin", "id": "991268", "name": None, "email": "bo@acme.test"}]}}
    assert admins_to_options(out) == [
        {"label": "Ada Admin (ada@acme.test)", "value": "991267"},
        {"label": "bo@acme.test", "value": "991268"},
    ]
