"""Finding and loading the bundle: bundle.json, service.json, quota.json and every component."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

from ..schemas import inline_refs, read_json
from .suggest import did_you_mean

PACKAGE_DIR = Path(__file__).resolve().parent.parent
SERVICE_ID = "acme:intercom"
HANDLER_FILE = "handler.py"
MANIFEST_FILE = "component.json"


def find_bundle_file(package_dir: Path = PACKAGE_DIR) -> Path:
    """bundle.json sits at the repository root; the package links to it so installs carry it."""
    for candidate in (package_dir / "bundle.json", package_dir.parent / "bundle.json"):
        if candidate.is_file():
            return candidate.resolve()
    return package_dir.parent / "bundle.json"


@dataclass
class Component:
    """One component folder: its manifest (with shared schemas inlined) and its handler."""

    folder: Path
    raw_manifest: dict[str, Any]

    @property
    def short_name(self) -> str:
        return self.folder.name

    @property
    def name(self) -> str:
        return str(self.raw_manifest.get("name", ""))

    @cached_property
    def manifest(self) -> dict[str, Any]:
        return inline_refs(self.raw_manifest, self.folder)

    @property
    def label(self) -> str:
        return str(self.raw_manifest.get("label") or self.short_name)

    @property
    def description(self) -> str:
        return str(self.raw_manifest.get("description", ""))

    @property
    def is_trigger(self) -> bool:
        m = self.raw_manifest
        return bool(m.get("trigger")) or not m.get("inPorts")

    def in_port(self, name: str = "in") -> dict[str, Any] | None:
        for port in self.manifest.get("inPorts") or []:
            if isinstance(port, dict) and port.get("name") == name:
                return port
        return None

    @property
    def out_port_names(self) -> list[str]:
        return [p["name"] if isinstance(p, dict) else p for p in self.manifest.get("outPorts") or []]

    def out_port(self, name: str) -> dict[str, Any] | None:
        for port in self.manifest.get("outPorts") or []:
            if isinstance(port, dict) and port.get("name") == name:
                return port
        return None

    @property
    def handler_path(self) -> Path:
        return self.folder / HANDLER_FILE

    @cached_property
    def handler(self) -> ModuleType:
        module_name = f"intercom_components.{self.short_name}"
        spec = importlib.util.spec_from_file_location(module_name, self.handler_path)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load {self.handler_path}")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "description": self.description,
            "path": str(self.folder),
            "trigger": self.is_trigger,
        }


@dataclass
class Bundle:
    package_dir: Path
    bundle_file: Path
    info: dict[str, Any]
    service: dict[str, Any]
    quota: dict[str, Any]
    components: list[Component] = field(default_factory=list)
    # Names to (place in the list, component), rebuilt when the list changes: every run looks
    # its component up.
    _index: dict[str, tuple[int, Component]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def load(cls, package_dir: Path = PACKAGE_DIR, bundle_file: Path | None = None) -> Bundle:
        bundle_file = bundle_file or find_bundle_file(package_dir)
        components = [
            Component(folder, read_json(folder / MANIFEST_FILE))
            for folder in sorted((package_dir / "components").iterdir())
            if (folder / MANIFEST_FILE).is_file()
        ]
        return cls(
            package_dir=package_dir,
            bundle_file=bundle_file,
            info=read_json(bundle_file) if bundle_file.is_file() else {},
            service=read_json(package_dir / "service.json"),
            quota=read_json(package_dir / "quota.json"),
            components=components,
        )

    def find(self, name: str) -> Component:
        """By short (``ListContacts``) or full (``acme.intercom.contacts.ListContacts``) name."""
        # The index is checked against the list on every call (callers may add or replace
        # components): its place in the list must still hold the same component.
        at = self._index.get(name)
        if at is None or at[0] >= len(self.components) or self.components[at[0]] is not at[1]:
            self._index = {}
            for n, component in reversed(list(enumerate(self.components))):  # the first of a name wins
                self._index[component.name] = self._index[component.short_name] = (n, component)
            at = self._index.get(name)
        if at is not None:
            return at[1]
        # A full name's module may have moved (core -> contacts): match on the short part.
        hint = did_you_mean(name.rsplit(".", 1)[-1], [c.short_name for c in self.components], quote=False)
        raise LookupError(f"no component named {name!r}"
                          f"{hint or '; `intercom-connector components` lists them'}")
