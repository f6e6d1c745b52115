"""Rendering each component's ``component.json`` from the declaration in its handler.

The declaration (``component = Action(...)`` and friends in ``handler.py``) is the one source;
``component.json`` is written from it and committed, so runtimes read plain manifests and a
reviewer sees every UI change in the diff. ``check`` finds the manifests that no longer match.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from ..kit.declare import Spec
from .bundle import HANDLER_FILE, MANIFEST_FILE, PACKAGE_DIR


@dataclass(frozen=True)
class Rendered:
    folder: Path
    text: str

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def file(self) -> Path:
        return self.folder / MANIFEST_FILE

    @property
    def stale(self) -> bool:
        return not self.file.is_file() or self.file.read_text(encoding="utf-8") != self.text


def dumps(manifest: dict[str, Any]) -> str:
    return json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"


def _load(handler: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"intercom_components.{handler.parent.name}", handler)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {handler}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def declaration(module: ModuleType) -> Spec | None:
    found = getattr(module, "component", None)
    return found if isinstance(found, Spec) else None


def render_all(package_dir: Path = PACKAGE_DIR) -> list[Rendered]:
    """Every component folder whose handler holds a declaration, rendered."""
    out = []
    for folder in sorted((package_dir / "components").iterdir()):
        handler = folder / HANDLER_FILE
        if not handler.is_file():
            continue
        spec = declaration(_load(handler))
        if spec is not None:
            out.append(Rendered(folder, dumps(spec.manifest(folder.name))))
    return out


def write(rendered: list[Rendered]) -> list[Rendered]:
    """Write the stale ones; returns what was written."""
    changed = [r for r in rendered if r.stale]
    for r in changed:
        r.file.write_text(r.text, encoding="utf-8")
    return changed
