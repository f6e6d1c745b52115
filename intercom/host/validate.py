"""The manifest validator: every problem found, each naming its file and field."""

from __future__ import annotations

import ast
import hashlib
import inspect
import json
import re
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from ..schemas import check_refs
from .bundle import PACKAGE_DIR, SERVICE_ID, Bundle, Component, read_json
from .meta_schema import check_schema, meta_schema
from .passed import Passed, digest

SEMVER = re.compile(r"^\d+\.\d+\.\d+$")
_MANIFEST_SCHEMA = read_json(Path(__file__).with_name("manifest_schema.json"))
_MANIFEST_VALIDATOR = Draft202012Validator(_MANIFEST_SCHEMA)


@cache
def _passed() -> Passed:
    """Documents that passed these very checks before: the same rules, checked by the same code."""
    checker = Path(jsonschema.__file__).parent
    code = hashlib.sha256()
    for name in ("validators.py", "_keywords.py", "_utils.py", "_types.py"):
        with suppress(OSError):
            code.update((checker / name).read_bytes())
    return Passed(json.dumps([code.hexdigest(), digest(meta_schema()), digest(_MANIFEST_SCHEMA)]))


def _schema_check(schema: Any) -> None:
    """``check_schema``, skipped for a schema that passed it before unchanged."""
    key = digest(["schema", schema])
    if key in _passed():
        return
    check_schema(schema)
    _passed().add(key)


def _manifest_errors(raw: Any) -> list[Any]:
    key = digest(["manifest", raw])
    if key in _passed():
        return []
    errors = sorted(_MANIFEST_VALIDATOR.iter_errors(raw), key=lambda e: list(e.absolute_path))
    if not errors:
        _passed().add(key)
    return errors


@dataclass(frozen=True)
class Problem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


def json_path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def validate_bundle(bundle: Bundle) -> list[Problem]:
    problems: list[Problem] = []
    root = bundle.package_dir
    problems += _check_bundle_info(bundle)
    problems += _check_service(bundle)
    resources = {r.get("resource") for r in bundle.quota.get("rules", []) if isinstance(r, dict)}
    seen: dict[str, str] = {}
    for component in bundle.components:
        file = _rel(component.folder / "component.json", root)
        found = check_component(component, resources) + _check_sources(component, bundle)
        problems += [Problem(file, f, m) for f, m in found]
        for key in (component.name, component.short_name):
            if key in seen and seen[key] != file:
                problems.append(Problem(file, "name", f"{key!r} is already used by {seen[key]}"))
            seen.setdefault(key, file)
    problems += _check_item_schemas(bundle)
    if not bundle.components:
        problems.append(Problem(_rel(root / "components", root), "(folder)", "holds no components"))
    _passed().save()
    return problems


def _check_item_schemas(bundle: Bundle) -> list[Problem]:
    problems = []
    for file in sorted((bundle.package_dir / "schemas").glob("*.json")):
        try:
            _schema_check(read_json(file))
        except (SchemaError, ValueError) as exc:
            message = exc.message if isinstance(exc, SchemaError) else str(exc)
            where = _rel(file, bundle.package_dir)
            problems.append(Problem(where, "(schema)", f"is not a valid JSON Schema: {message}"))
    return problems


def _check_bundle_info(bundle: Bundle) -> list[Problem]:
    file = _rel(bundle.bundle_file, bundle.package_dir)
    info = bundle.info
    if not info:
        return [Problem(file, "(file)", "bundle.json is missing or empty")]
    problems = []
    if info.get("name") != "acme.intercom":
        problems.append(Problem(file, "name", "must be 'acme.intercom'"))
    version = info.get("version")
    if not isinstance(version, str) or not SEMVER.match(version):
        problems.append(Problem(file, "version", f"{version!r} is not a semver version such as 1.2.3"))
    changelog = info.get("changelog")
    if not isinstance(changelog, dict) or version not in changelog:
        problems.append(Problem(file, "changelog", f"has no entry for version {version!r}"))
    return problems


def _check_service(bundle: Bundle) -> list[Problem]:
    file = _rel(bundle.package_dir / "service.json", bundle.package_dir)
    service = bundle.service
    problems = []
    if service.get("id") != SERVICE_ID:
        problems.append(Problem(file, "id", f"must be {SERVICE_ID!r}"))
    for key in ("label", "description", "category"):
        if not service.get(key):
            problems.append(Problem(file, key, "is required"))
    if not str(service.get("icon", "")).startswith("data:image/"):
        problems.append(Problem(file, "icon", "must be a data: URI image"))
    qfile = _rel(bundle.package_dir / "quota.json", bundle.package_dir)
    rules = bundle.quota.get("rules")
    if not isinstance(rules, list) or not rules:
        problems.append(Problem(qfile, "rules", "must list at least one rule"))
    else:
        for i, rule in enumerate(rules):
            for key in ("resource", "limit", "window"):
                if key not in rule:
                    problems.append(Problem(qfile, f"rules[{i}].{key}", "is required"))
    return problems


def check_component(component: Component, quota_resources: set[Any]) -> list[tuple[str, str]]:
    """Problems of one component as (field, message) pairs."""
    raw = component.raw_manifest
    problems = [
        (json_path(err.absolute_path), err.message)
        for err in _manifest_errors(raw)
    ]
    name = raw.get("name")
    if isinstance(name, str) and name.rsplit(".", 1)[-1] != component.short_name:
        problems.append(("name", f"must end with the folder name {component.short_name!r}"))
    try:
        check_refs(raw, component.folder)  # every file $ref must resolve
    except (OSError, ValueError) as exc:
        return [*problems, ("$ref", f"cannot be resolved: {exc}")]

    # Schemas are checked against the meta-schema as written (a file $ref is a plain string to
    # it); each shared item schema is checked once for the bundle, not once per manifest.
    for where, schema, inspector in _configurables(raw):
        problems += _check_schema_and_inspector(where, schema, inspector)
    for i, port in enumerate(raw.get("outPorts") or []):
        if isinstance(port, dict) and isinstance(port.get("schema"), dict):
            try:
                _schema_check(port["schema"])
            except SchemaError as exc:
                problems.append((f"outPorts[{i}].schema", f"is not a valid JSON Schema: {exc.message}"))
    quota = raw.get("quota") or {}
    wanted = quota.get("resources")
    for res in [wanted] if isinstance(wanted, str) else wanted or []:
        if res not in quota_resources:
            problems.append(("quota.resources", f"{res!r} is not a rule resource in quota.json"))
    problems += _check_handler(component, raw)
    return problems


def _sources(node: Any, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every ``source`` block of a manifest (dropdowns, dynamic output ports), with its place."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{where}.{key}" if where else key
            if key == "source" and isinstance(value, dict) and "url" in value:
                found.append((here, value))
            else:
                found += _sources(value, here)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _sources(value, f"{where}[{i}]")
    return found


def _check_sources(component: Component, bundle: Bundle) -> list[tuple[str, str]]:
    """A dropdown or output-port source must call a real component and a real transformer."""
    problems: list[tuple[str, str]] = []
    by_path = {"/component/" + c.name.replace(".", "/"): c for c in bundle.components}
    for where, source in _sources(component.raw_manifest):
        target = by_path.get(str(source["url"]).split("?", 1)[0])
        if target is None:
            problems.append((f"{where}.url", f"{source['url']!r} names no component of the bundle"))
            continue
        port = str(source["url"]).partition("outPort=")[2]
        if port and port not in target.out_port_names:
            problems.append((f"{where}.url", f"{target.short_name} has no output port {port!r}"))
        transform = (source.get("data") or {}).get("transform")
        if transform:
            module, _, function = str(transform).partition("#")
            file = (target.folder / f"{module}.py").resolve()
            if not file.is_file():
                problems.append((f"{where}.data.transform",
                                 f"{module}.py does not exist beside {target.short_name}"))
            elif function not in _defined_functions(file):
                problems.append((f"{where}.data.transform", f"{file.name} defines no {function}()"))
    return problems


def _defined_functions(file: Path) -> set[str]:
    stat = file.stat()
    return _functions_in(file, stat.st_mtime_ns, stat.st_size)


@cache
def _functions_in(file: Path, _mtime_ns: int, _size: int) -> set[str]:
    # Parsed once per version of the file: every dropdown sourcing the same options component
    # names the same transformer.
    tree = ast.parse(file.read_text(encoding="utf-8"))
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}


def _configurables(manifest: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    out = []
    if isinstance(manifest.get("properties"), dict):
        props = manifest["properties"]
        out.append(("properties", props.get("schema"), props.get("inspector")))
    for i, port in enumerate(manifest.get("inPorts") or []):
        if isinstance(port, dict):
            out.append((f"inPorts[{i}]", port.get("schema"), port.get("inspector")))
    return out


def _check_schema_and_inspector(where: str, schema: Any, inspector: Any) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if not isinstance(schema, dict):
        return problems  # the manifest schema already reported it
    try:
        _schema_check(schema)
    except SchemaError as exc:
        problems.append((f"{where}.schema", f"is not a valid JSON Schema: {exc.message}"))
    fields = set((schema.get("properties") or {}).keys())
    inputs = (inspector or {}).get("inputs") or {}
    for key in inputs:
        if key not in fields:
            problems.append((f"{where}.inspector.inputs.{key}", "names no field of the schema"))
    for key in fields:
        if inputs and key not in inputs:
            problems.append((f"{where}.schema.properties.{key}", "has no inspector input"))
    for key in schema.get("required") or []:
        if key not in fields:
            problems.append((f"{where}.schema.required", f"{key!r} is not a property"))
    properties = schema.get("properties") or {}
    for key, widget in inputs.items():
        if key in properties and isinstance(widget, dict):
            mismatch = widget_mismatch(widget, properties[key])
            if mismatch:
                problems.append((f"{where}.inspector.inputs.{key}", mismatch))
    return problems


# What each Inspector widget hands to the component, as JSON Schema types.
WIDGET_VALUES = {
    "text": {"string"},
    "textarea": {"string"},
    "date-time": {"string"},
    "filepicker": {"string"},
    "number": {"number", "integer"},
    "toggle": {"boolean"},
    "multiselect": {"array"},
    "key-value": {"array"},
    "expression": {"object"},
}


def accepted_types(schema: Any) -> set[str] | None:
    """The JSON types a schema can accept (None: any), looking through anyOf/oneOf/allOf/enum."""
    if not isinstance(schema, dict):
        return None
    found: set[str] | None = None
    if "type" in schema:
        kinds = schema["type"]
        found = set(kinds) if isinstance(kinds, list) else {kinds}
        if "number" in found:
            found.add("integer")
    for values in (schema.get("enum"), [schema["const"]] if "const" in schema else None):
        if values is not None:
            kinds = {_json_type(v) for v in values}
            widened = kinds | ({"number"} if "integer" in kinds else set())
            found = kinds if found is None else found & widened
    for key in ("anyOf", "oneOf"):
        if isinstance(schema.get(key), list):
            union: set[str] = set()
            for branch in schema[key]:
                branch_types = accepted_types(branch)
                if branch_types is None:
                    union = None  # type: ignore[assignment]
                    break
                union |= branch_types
            if union is not None:
                found = union if found is None else found & union
    for branch in schema.get("allOf") or []:
        branch_types = accepted_types(branch)
        if branch_types is not None:
            found = branch_types if found is None else found & branch_types
    return found


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else "null"


def widget_mismatch(widget: dict[str, Any], field: Any) -> str | None:
    """Why the value this widget produces cannot pass its schema field, or None when it can."""
    kind = widget.get("type")
    if kind == "select":
        values = [o.get("value") for o in widget.get("options") or [] if isinstance(o, dict)]
        produced = {_json_type(v) for v in values} if values else {"string"}
    else:
        produced = WIDGET_VALUES.get(str(kind))
    accepted = accepted_types(field)
    if produced is None or accepted is None or produced & accepted:
        return None
    return (f"a {kind} widget yields {' or '.join(sorted(produced))}, but the schema field accepts "
            f"only {' or '.join(sorted(accepted))}; change the widget or the field's type")


def _check_handler(component: Component, raw: dict[str, Any]) -> list[tuple[str, str]]:
    if not component.handler_path.is_file():
        return [("(handler)", f"{component.handler_path.name} is missing beside component.json")]
    try:
        module = component.handler
    except Exception as exc:  # any import failure is a problem to report, not a crash
        return [("(handler)", f"cannot be imported: {type(exc).__name__}: {exc}")]
    problems = []
    polls, listens = bool(raw.get("tick")), bool(raw.get("webhook"))
    if component.is_trigger and not (polls or listens):
        problems.append(("(top level)", "a trigger needs tick or webhook (or both), or nothing runs it"))
    # receive takes input messages and webhook notifications; a trigger that only polls has neither.
    wanted = [] if component.is_trigger and polls and not listens else ["receive"]
    if polls:
        wanted.append("tick")
    if listens:
        wanted += ["start", "stop"]
    for fn in wanted:
        value = getattr(module, fn, None)
        if value is None:
            problems.append(("(handler)", f"defines no {fn}() although the manifest implies it"))
        elif not inspect.iscoroutinefunction(value):
            problems.append(("(handler)", f"{fn}() must be an async function"))
    return problems


def validate_package(package_dir: Path = PACKAGE_DIR) -> list[Problem]:
    try:
        bundle = Bundle.load(package_dir)
    except (OSError, ValueError) as exc:
        return [Problem(str(package_dir), "(load)", str(exc))]
    return validate_bundle(bundle)
