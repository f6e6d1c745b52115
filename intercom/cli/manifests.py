"""`manifests` (render component.json from the declarations) and `bundle` (a self-contained copy)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click

from ..host.bundle import MANIFEST_FILE, find_bundle_file
from ..host.manifests import dumps, render_all, write
from ..schemas import inline_refs, read_json
from ._common import fail, package_option


@click.command()
@click.option("--check", is_flag=True, help="Write nothing; exit 1 naming each manifest that is out of date.")
@package_option
def manifests(check: bool, package_dir: Path) -> None:
    """Render every component.json from the declaration in its handler.py."""
    try:
        rendered = render_all(package_dir)
    except Exception as exc:  # a declaration that does not import is the user's to fix
        fail(f"cannot render the manifests in {package_dir}: {type(exc).__name__}: {exc}")
    if check:
        stale = [r.name for r in rendered if r.stale]
        if stale:
            fail(f"{len(stale)} manifest(s) out of date in {package_dir}: {', '.join(stale)}; "
                 "run `intercom-connector manifests` and commit the result")
        click.echo(f"ok: {len(rendered)} manifests in {package_dir} match their declarations")
        return
    changed = write(rendered)
    click.echo(f"wrote {len(changed)} of {len(rendered)} manifests in {package_dir}"
               + (f": {', '.join(r.name for r in changed)}" if changed else ""))


@click.command()
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the bundle to (created; must be empty if it exists).")
@package_option
def bundle(out_dir: Path, package_dir: Path) -> None:
    """Write a copy of the package whose manifests have every $ref inlined."""
    if out_dir.exists() and any(out_dir.iterdir()):
        fail(f"{out_dir} is not empty; give a new or empty folder", 2)
    target = out_dir / package_dir.name
    shutil.copytree(package_dir, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    bundle_file = find_bundle_file(package_dir)
    if bundle_file.is_file():
        shutil.copy2(bundle_file, target / "bundle.json")
    count = 0
    for manifest in sorted((target / "components").glob(f"*/{MANIFEST_FILE}")):
        source = package_dir / "components" / manifest.parent.name
        inlined = inline_refs(read_json(manifest), source)
        manifest.write_text(dumps(inlined), encoding="utf-8")
        count += 1
    click.echo(json.dumps({"bundle": str(target), "manifests": count}))
