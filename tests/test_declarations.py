"""Components as declarations: manifests rendered from them, requests built from inputs, listings
spooled and emitted in every output mode, one client per connection."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import httpx
import pytest
import respx
from click.testing import CliRunner

from intercom.cli import main
from intercom.host import Bundle, Host
from intercom.host.manifests import render_all
from intercom.host.validate import validate_package
from intercom.kit import Action, choice, date_time, item_port, key_value, text
from tests.replay import BASE_URL, TOKEN

PACKAGE = Path(__file__).resolve().parents[1] / "intercom"


def contact(n: int) -> dict:
    return {"type": "contact", "id": f"6657ad{n:018d}", "email": f"p{n}@example.test", "role": "user",
            "custom_attributes": {"plan": "pro", "seats": n}, "tags": {"type": "list", "data": []}}


def test_every_committed_manifest_is_rendered_from_its_declaration() -> None:
    stale = [r.name for r in render_all() if r.stale]
    assert stale == [], f"run `intercom-connector manifests`: stale {stale}"


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    target = tmp_path / "intercom"
    shutil.copytree(PACKAGE, target, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PACKAGE.parent / "bundle.json", tmp_path / "bundle.json")
    return target


def test_a_changed_declaration_makes_manifests_check_fail_naming_it(package_copy: Path) -> None:
    handler = package_copy / "components" / "GetContact" / "handler.py"
    handler.write_text(handler.read_text().replace('label="Get Contact"', 'label="Fetch Contact"'))
    result = CliRunner().invoke(main, ["manifests", "--check", "--path", str(package_copy)])
    assert result.exit_code == 1
    assert "1 manifest(s) out of date" in result.output and "GetContact" in result.output
    written = CliRunner().invoke(main, ["manifests", "--path", str(package_copy)])
    assert written.exit_code == 0 and "wrote 1 of" in written.output
    manifest = json.loads((package_copy / "components" / "GetContact" / "component.json").read_text())
    assert manifest["label"] == "Fetch Contact"
    assert CliRunner().invoke(main, ["manifests", "--check", "--path", str(package_copy)]).exit_code == 0


def test_validator_rejects_a_textarea_bound_to_an_object_field(package_copy: Path) -> None:
    file = package_copy / "components" / "CreateContact" / "component.json"
    manifest = json.loads(file.read_text())
    port = manifest["inPorts"][0]
    port["schema"]["properties"]["customAttributes"] = {"type": "object"}
    port["inspector"]["inputs"]["customAttributes"]["type"] = "textarea"
    file.write_text(json.dumps(manifest))
    found = [str(p) for p in validate_package(package_copy)]
    assert (
        "intercom/components/CreateContact/component.json: inPorts[0].inspector.inputs.customAttributes: "
        "a textarea widget yields string, but the schema field accepts only object; change the widget or the "
        "field's type"
    ) in found


def test_bundle_writes_manifests_with_every_ref_inlined(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["bundle", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    written = tmp_path / "out" / "intercom"
    for manifest in written.glob("components/*/component.json"):
        assert '"$ref"' not in manifest.read_text().replace('"$ref": "#', ""), manifest
    contact_schema = json.loads((written / "components/GetContact/component.json").read_text())["outPorts"][0]
    assert contact_schema["schema"]["properties"]["email"]["title"]
    assert (written / "bundle.json").is_file()


# -- requests built from inputs --------------------------------------------------------------------

SAMPLE = Action(
    label="Sample", module="core", description="A declaration used only by these tests.",
    call=("PUT", "/things/{thingId}"),
    inputs=[
        text("thingId", "Thing", "The thing's id.", required=True),
        text("fullName", "Name", "Its name."),
        choice("kind", "Kind", "Its kind.", [("a", "A"), ("b", "B")], default="a", api="body.meta.kind"),
        date_time("dueAt", "Due", "When it is due."),
        key_value("customAttributes", "Attributes", "Rows of name and value."),
        text("dryRun", "Dry run", "Sent in the query.", api="query.dry_run"),
    ],
    out=item_port("Thing", "contact"),
)


def test_action_request_places_each_input_where_intercom_wants_it() -> None:
    values = SAMPLE.values({"thingId": "a/b", "fullName": "Ada", "dueAt": "2024-05-01T09:30:00Z",
                            "customAttributes": [{"key": "plan", "value": "pro"}, {"key": "", "value": 1}],
                            "dryRun": "yes"})
    call = SAMPLE.request(values)
    assert (call.method, call.path, call.params) == ("PUT", "/things/a%2Fb", {"dry_run": "yes"})
    assert call.json == {"full_name": "Ada", "meta": {"kind": "a"}, "due_at": 1714555800,
                         "custom_attributes": {"plan": "pro"}}


def test_manifest_of_a_declaration_has_widgets_and_schema_together() -> None:
    manifest = SAMPLE.manifest("Sample")
    port = manifest["inPorts"][0]
    assert manifest["name"] == "acme.intercom.core.Sample"
    assert port["schema"]["required"] == ["thingId"]
    assert port["schema"]["properties"]["kind"] == {"type": "string", "enum": ["a", "b"], "default": "a"}
    assert port["inspector"]["inputs"]["customAttributes"]["type"] == "key-value"
    assert [port["inspector"]["inputs"][k]["index"] for k in ("thingId", "fullName", "kind")] == [1, 2, 3]
    assert manifest["auth"] == {"service": "acme:intercom"}


# -- listings --------------------------------------------------------------------------------------


def pages(records: list[dict], per_page: int) -> list[httpx.Response]:
    out = []
    for start in range(0, len(records), per_page):
        chunk = records[start:start + per_page]
        more = start + per_page < len(records)
        nxt = {"page": start // per_page + 2, "starting_after": f"c{start + per_page}"} if more else None
        out.append(httpx.Response(200, json={"type": "list", "data": chunk, "total_count": len(records),
                                             "pages": {"type": "pages", "next": nxt}}))
    return out


async def test_file_mode_stores_a_csv_with_one_row_per_record(host: Host) -> None:
    records = [contact(i) for i in range(320)]
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        route = router.get("/contacts").mock(side_effect=pages(records, 150))
        (message,) = await host.run("ListContacts", {"outputType": "file", "limit": 5000})
    assert route.call_count == 3
    assert message.port == "out" and message.data["count"] == 320 and message.data["truncated"] is False
    path = host.files.path_of(message.data["fileId"])
    assert path.name == "List Contacts.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert len(rows) == 320
    assert rows[7]["id"] == records[7]["id"] and rows[7]["email"] == "p7@example.test"
    assert json.loads(rows[7]["custom_attributes"]) == {"plan": "pro", "seats": 7}
    assert rows[7]["phone"] == ""  # a column for every item-schema field, empty when absent


async def test_the_limit_cut_is_reported(host: Host) -> None:
    records = [contact(i) for i in range(300)]
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        route = router.get("/contacts").mock(side_effect=pages(records, 150))
        (message,) = await host.run("ListContacts", {"outputType": "array", "limit": 150})
    assert route.call_count == 1
    assert message.data["count"] == 150 and message.data["truncated"] is True


async def test_array_beyond_its_cap_is_refused_before_any_request(host: Host) -> None:
    with respx.mock(base_url=BASE_URL, assert_all_mocked=True), \
            pytest.raises(Exception, match="field 'limit' must be at most 10000"):
        await host.run("ListContacts", {"outputType": "array", "limit": 20000})


async def test_object_mode_forwards_one_message_at_a_time_and_keeps_none(host: Host) -> None:
    records = [contact(i) for i in range(200)]
    seen: list[int] = []

    async def forward(message) -> None:
        seen.append(message.data["index"])

    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        router.get("/contacts").mock(side_effect=pages(records, 150))
        kept = await host.run("ListContacts", {"outputType": "object"}, forward=forward)
    assert kept == [] and seen == list(range(200))


# -- one client per connection ---------------------------------------------------------------------


async def test_calls_of_one_host_share_one_client_until_it_closes(bundle: Bundle) -> None:
    host = Host(bundle, connection={"accessToken": TOKEN})
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        router.get(url__regex=r"/contacts/\w+").respond(json=contact(1))
        await host.run("GetContact", {"contactId": contact(1)["id"]})
        first = next(iter(host.clients._clients.values()))
        await host.run("GetContact", {"contactId": contact(1)["id"]})
        assert len(host.clients) == 1 and next(iter(host.clients._clients.values())) is first
    await host.aclose()
    assert len(host.clients) == 0 and first._http.is_closed


async def test_of_several_ways_to_name_a_contact_the_first_given_is_sent(host: Host) -> None:
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        route = router.post("/conversations/363/reply").respond(json={"type": "conversation", "id": "363"})
        await host.run("ReplyToConversation", {
            "conversationId": "363", "replyAs": "contact", "body": "Thanks!",
            "contactExternalId": "crm-42", "contactEmail": "ada@example.test", "contactId": "6657ad000000000000000001",
        })
    body = json.loads(route.calls.last.request.content)
    assert body == {"message_type": "comment", "type": "user", "intercom_user_id": "6657ad000000000000000001",
                    "body": "Thanks!"}
