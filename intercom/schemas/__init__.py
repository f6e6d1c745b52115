"""The shared item schemas (a contact, a conversation, ...) and the one loader of JSON Schema files.

Manifests point at these files with ``{"$ref": "../../schemas/contact.json"}``; the host, the
kit and the ``bundle`` command all resolve such references here, the same way, with each file
read once per process.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).resolve().parent


def read_json(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return json.load(fh)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg}") from None


@cache
def _inlined_file(path: Path, stack: tuple[Path, ...]) -> Any:
    loaded = _inline(read_json(path), path.parent, (*stack, path))
    # A dialect marker is only allowed at a schema's root, not once inlined below it.
    if isinstance(loaded, dict):
        loaded = {k: v for k, v in loaded.items() if k != "$schema"}
    return loaded


def _inline(node: Any, base_dir: Path, stack: tuple[Path, ...]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.endswith(".json") and not ref.startswith("#"):
            target = (base_dir / ref).resolve()
            if target in stack:
                raise ValueError(f"circular $ref to {target.name}")
            loaded = copy.deepcopy(_inlined_file(target, stack))
            rest = {k: v for k, v in node.items() if k != "$ref"}
            return {**loaded, **_inline(rest, base_dir, stack)} if rest else loaded
        return {k: _inline(v, base_dir, stack) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline(v, base_dir, stack) for v in node]
    return node


def inline_refs(node: Any, base_dir: Path) -> Any:
    """``node`` with every ``{"$ref": "<relative file>.json"}`` replaced by that file's schema."""
    return _inline(node, base_dir, ())


def check_refs(node: Any, base_dir: Path) -> None:
    """Raise what ``inline_refs`` would (a missing file, bad JSON, a circular $ref), copying nothing."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.endswith(".json") and not ref.startswith("#"):
            _inlined_file((base_dir / ref).resolve(), ())
        for key, value in node.items():
            if key != "$ref":
                check_refs(value, base_dir)
    elif isinstance(node, list):
        for value in node:
            check_refs(value, base_dir)


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The item schema ``<name>.json``, self-contained. Shared: do not modify what it returns."""
    return _inlined_file((SCHEMA_DIR / f"{name}.json").resolve(), ())
