"""What a new user meets first: describe, components filters, "did you mean", --path, --pretty.

Field names are read from the manifests at test time, so renaming an input keeps these tests
about behaviour, not about today's names.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import respx
from click.testing import CliRunner

from intercom.cli import main
from intercom.host import Bundle
from intercom.host.bundle import PACKAGE_DIR, find_bundle_file
from tests.replay import BASE_URL


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def flat(text: str) -> str:
    return " ".join(text.split())


def in_port(name: str) -> tuple[dict, dict]:
    port = Bundle.load().find(name).in_port("in")
    assert port is not None
    return port["schema"], port["inspector"]["inputs"]


# -- describe ------------------------------------------------------------------------------------


def test_describe_create_contact_shows_every_input_with_its_type_and_tooltip() -> None:
    schema, inspector = in_port("CreateContact")
    code, out, err = invoke("describe", "CreateContact")
    assert code == 0, err
    _, described = invoke("describe", "CreateContact", "--json")[:2]
    types = {f["name"]: f["type"] for f in json.loads(described)["inputs"]}
    assert set(types) == set(schema["properties"])
    lines = out.splitlines()
    for name in schema["properties"]:
        line = next(li for li in lines if li.strip().startswith(f"{name} "))
        assert types[name] and types[name] in flat(line + " " + lines[lines.index(line) + 1])
        tooltip = inspector[name].get("tooltip")
        assert tooltip and flat(tooltip) in flat(out)
    email = next(n for n in schema["properties"] if n.lower() == "email")
    assert types[email] == "string (email)"


def test_describe_states_a_date_field_accepts_iso_text_or_unix_seconds() -> None:
    schema, _ = in_port("CreateContact")
    dates = [n for n, s in schema["properties"].items() if "date-time" in json.dumps(s)]
    assert dates
    _, out, _ = invoke("describe", "CreateContact", "--json")
    field = next(f for f in json.loads(out)["inputs"] if f["name"] == dates[0])
    assert field["type"] == "integer or string (date-time)"
    assert "ISO 8601" in field["form"] and "Unix seconds" in field["form"]


def test_describe_list_contacts_json_lists_output_type_with_its_four_values() -> None:
    code, out, _ = invoke("describe", "ListContacts", "--json")
    info = json.loads(out)
    assert code == 0 and info["name"].endswith(".ListContacts") and info["kind"] == "action"
    output_type = next(f for f in info["inputs"] if f["name"] == "outputType")
    assert [a["value"] for a in output_type["allowed"]] == ["array", "first", "object", "file"]
    assert all(a["label"] for a in output_type["allowed"]) and output_type["default"] == "array"
    assert {p["name"] for p in info["outPorts"]} == {"out", "notFound"}


def test_describe_names_the_dropdown_an_input_is_picked_from() -> None:
    _, inspector = in_port("CreateContact")
    picked = next(n for n, ui in inspector.items() if ui.get("source"))
    _, out, _ = invoke("describe", "CreateContact", "--json")
    field = next(f for f in json.loads(out)["inputs"] if f["name"] == picked)
    source = inspector[picked]["source"]
    messages = source["data"]["messages"]
    assert field["dropdown"]["component"] == source["url"].split("?")[0].rsplit("/", 1)[-1]
    if "in/path" in messages:  # a dropdown drawn through Make API Call also names its request
        assert field["dropdown"]["request"] == f"{messages['in/method']} {messages['in/path']}"


def test_describe_a_trigger_shows_its_options_and_how_to_start_it() -> None:
    component = Bundle.load().find("NewContact")
    options = component.manifest["properties"]["schema"]["properties"]
    code, out, _ = invoke("describe", "NewContact")
    assert code == 0 and "Options (watch --properties JSON):" in out
    assert all(re.search(rf"^\s+{name}\s", out, re.M) for name in options)
    assert "intercom-connector watch NewContact --properties JSON" in out


def test_describe_an_unknown_name_suggests_the_closest() -> None:
    code, out, err = invoke("describe", "createcontact")
    assert (code, out) == (2, "")
    assert err == "error: no component named 'createcontact'; did you mean CreateContact?\n"


# -- components ------------------------------------------------------------------------------------


def test_components_filter_keeps_only_matching_components() -> None:
    code, out, _ = invoke("components", "contact")
    names = [line.split()[0].rsplit(".", 1)[-1] for line in out.splitlines()]
    expected = [c.short_name for c in Bundle.load().components
                if "contact" in f"{c.name} {c.label}".lower()]
    assert code == 0 and names == expected
    assert "ListContacts" in names and "NewContact" in names and "ListTags" not in names


def test_components_filter_without_match_suggests() -> None:
    code, _, err = invoke("components", "ListKontacts")
    assert code == 2 and err.startswith("error: no component matches 'ListKontacts'; did you mean ListContacts")


# -- suggestions --------------------------------------------------------------------------------


def test_run_lowercase_name_suggests_the_component_and_lists_no_others() -> None:
    with respx.mock(assert_all_mocked=True) as router:
        code, out, err = invoke("run", "listcontacts", "--input", "{}", env={"INTERCOM_ACCESS_TOKEN": "tok"})
    assert (code, out) == (2, "")
    assert err == "error: no component named 'listcontacts'; did you mean ListContacts?\n"
    assert router.calls.call_count == 0


def test_run_unknown_field_suggests_the_closest_field() -> None:
    schema, _ = in_port("CreateContact")
    camel = next(n for n in schema["properties"] if re.search("[a-z][A-Z]", n))
    snake = re.sub("([A-Z])", lambda m: "_" + m.group(1).lower(), camel)
    with respx.mock(assert_all_mocked=True) as router:
        code, _, err = invoke("run", "CreateContact", "--input", json.dumps({"email": "a@example.com", snake: 1}),
                              env={"INTERCOM_ACCESS_TOKEN": "tok"})
    assert code == 2 and router.calls.call_count == 0
    assert err == f"error: invalid input for CreateContact: unknown field '{snake}'; did you mean '{camel}'?\n"


def test_run_unknown_field_with_nothing_close_lists_the_fields() -> None:
    schema, _ = in_port("ListContacts")
    code, _, err = invoke("run", "ListContacts", "--input", '{"colour": "red"}', env={"INTERCOM_ACCESS_TOKEN": "tok"})
    assert code == 2
    assert err == ("error: invalid input for ListContacts: unknown field 'colour'; the fields are: "
                   f"{', '.join(schema['properties'])}\n")


def test_run_mistyped_option_value_suggests_the_allowed_one() -> None:
    code, _, err = invoke("run", "ListContacts", "--input", '{"outputType": "arary"}',
                          env={"INTERCOM_ACCESS_TOKEN": "tok"})
    assert code == 2
    assert err.startswith("error: invalid input for ListContacts: field 'outputType' must be one of 'array', ")
    assert err.endswith("(got 'arary'); did you mean 'array'?\n")


def test_a_date_field_error_says_iso_text_or_unix_seconds() -> None:
    schema, _ = in_port("CreateContact")
    date = next(n for n, s in schema["properties"].items() if "date-time" in json.dumps(s))
    code, _, err = invoke("run", "CreateContact", "--input", json.dumps({"email": "a@example.com", date: "yesterday"}),
                          env={"INTERCOM_ACCESS_TOKEN": "tok"})
    assert code == 2
    assert err == (f"error: invalid input for CreateContact: field '{date}' must be "
                   f"{schema['properties'][date]['description']} (got 'yesterday')\n")
    assert "ISO 8601" in err and "Unix seconds" in err


def test_a_number_in_quotes_is_explained_in_plain_words() -> None:
    code, _, err = invoke("run", "ListContacts", "--input", '{"limit": "5"}', env={"INTERCOM_ACCESS_TOKEN": "tok"})
    assert code == 2
    assert err == ("error: invalid input for ListContacts: field 'limit' must be a whole number (got '5'); "
                   "write it without quotes: 5\n")


def test_a_mistyped_command_suggests_the_command() -> None:
    result = CliRunner().invoke(main, ["discribe", "ListContacts"])
    assert result.exit_code == 2 and "No such command 'discribe'; did you mean describe?" in result.stderr


# -- validate --path -----------------------------------------------------------------------------------


def _checkout_copy(tmp_path: Path) -> Path:
    root = tmp_path / "checkout"
    shutil.copytree(PACKAGE_DIR, root / "intercom", ignore=shutil.ignore_patterns("__pycache__"))
    bundle_file = find_bundle_file(PACKAGE_DIR)
    shutil.copy2(bundle_file, root / "bundle.json")
    (root / "intercom" / "bundle.json").unlink(missing_ok=True)
    return root


def test_validate_checks_the_checkout_given_by_path(tmp_path: Path) -> None:
    root = _checkout_copy(tmp_path)
    manifest = root / "intercom" / "components" / "GetContact" / "component.json"
    broken = json.loads(manifest.read_text())
    broken["auth"] = {"service": "acme:elsewhere"}
    manifest.write_text(json.dumps(broken))

    code, out, err = invoke("validate", "--path", str(root))
    assert code == 1 and out == ""
    assert "intercom/components/GetContact/component.json: auth.service:" in err
    assert err.splitlines()[-1] == f"error: 1 problem(s) found in {root / 'intercom'}"
    # The same checkout, named by its package folder, says the same.
    assert invoke("validate", "--path", str(root / "intercom"))[0] == 1

    code, out, _ = invoke("validate")  # the package the command runs from is untouched
    assert code == 0
    assert out == (f"ok: bundle and {len(Bundle.load().components)} component manifests are valid in "
                   f"{PACKAGE_DIR} (the package this command runs from; --path picks a checkout)\n")


def test_validate_path_that_holds_no_package_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--path", str(tmp_path)])
    assert result.exit_code == 2 and "holds no intercom package" in result.stderr


# -- output ---------------------------------------------------------------------------------------------


def test_run_pretty_prints_indented_json_and_plain_prints_one_line_each() -> None:
    contact = {"type": "contact", "id": "6657ad000000000000000001", "email": "a@example.test"}
    page = {"type": "list", "data": [contact], "pages": {"type": "pages", "page": 1}}
    with respx.mock(base_url=BASE_URL) as router:
        router.get("/contacts").respond(json=page)
        code, pretty, _ = invoke("run", "ListContacts", "--input", '{"outputType": "first"}', "--pretty",
                                 env={"INTERCOM_ACCESS_TOKEN": "tok"})
        _, plain, _ = invoke("run", "ListContacts", "--input", '{"outputType": "first"}',
                             env={"INTERCOM_ACCESS_TOKEN": "tok"})
    assert code == 0
    assert json.loads(pretty) == json.loads(plain) and json.loads(pretty)["data"]["id"] == contact["id"]
    assert pretty.startswith('{\n  "port": "out",\n  "data": {\n')
    assert plain.count("\n") == 1
