#!/usr/bin/env python3
"""Drive Intercom's official Python SDK (python-intercom) against the local sandbox.

    /work/venv/bin/python scripts/sdk_against_sandbox.py [--sdk-venv DIR] [--keep-venv]

The SDK installs a top-level package named ``intercom``, the connector's own name, so it never
goes into the project's venv: this script makes a throwaway venv (under a temporary directory,
or ``--sdk-venv DIR``), pip-installs python-intercom from PyPI into it, starts
``intercom-connector sandbox`` (from the venv running this script) on a free loopback port, and
runs the steps in the SDK's venv, with the SDK pointed at the sandbox and no API version set,
as a stock user would. It prints one line per step, ``ok`` or ``failed``, and exits 0 only when
every step passed.

The parent half uses only the standard library; the steps half (``--steps URL``) runs in the
SDK's venv and imports only the SDK and httpx.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

SANDBOX_TOKEN = "sandbox-token"  # the sandbox accepts any non-empty bearer token
SEED = 23  # records of each kind; odd, so no page size used below divides it
STARTUP_SECONDS = 30
STEPS_SECONDS = 300


# ---- parent: venv, sandbox process, child run ------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_sdk(venv: Path, requirement: str) -> Path:
    python = venv_python(venv)
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    has_sdk = subprocess.run([str(python), "-I", "-c", "import intercom.client"], capture_output=True)
    if has_sdk.returncode != 0:
        print(f"installing {requirement} into {venv} ...", flush=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", requirement],
            check=True,
        )
    return python


def find_connector(explicit: str | None) -> str:
    if explicit:
        return explicit
    beside = Path(sys.executable).parent / "intercom-connector"
    found = str(beside) if beside.exists() else shutil.which("intercom-connector")
    if not found:
        sys.exit("error: intercom-connector not found; run this with the project's venv or pass --connector")
    return found


def wait_until_up(base_url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the sandbox exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base_url}/_sandbox/health", timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"the sandbox did not answer on {base_url} within {STARTUP_SECONDS} s")


def run_parent(args: argparse.Namespace) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="sdk-against-sandbox-"))
    venv = Path(args.sdk_venv) if args.sdk_venv else workdir / "venv"
    sandbox_log = workdir / "sandbox.log"
    process: subprocess.Popen[bytes] | None = None
    try:
        python = ensure_sdk(venv, args.sdk)
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        with sandbox_log.open("wb") as log:
            process = subprocess.Popen(
                [find_connector(args.connector), "sandbox", "--port", str(port), "--seed", str(SEED)],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until_up(base_url, process)
        sdk_version = subprocess.run(
            [
                str(python),
                "-I",
                "-c",
                "from importlib.metadata import version; print(version('python-intercom'))",
            ],
            capture_output=True,
            text=True,
        ).stdout.strip()
        print(f"python-intercom {sdk_version} against the sandbox at {base_url} (seed {SEED})", flush=True)
        env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
        # -I: the SDK's venv only, never the repository's `intercom` package.
        child = subprocess.run(
            [str(python), "-I", str(Path(__file__).resolve()), "--steps", base_url],
            env=env,
            timeout=STEPS_SECONDS,
        )
        return child.returncode
    except subprocess.TimeoutExpired:
        print(f"failed  the steps did not finish within {STEPS_SECONDS} s", flush=True)
        return 1
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"failed  setup: {exc}", flush=True)
        if sandbox_log.exists():
            print(sandbox_log.read_text(errors="replace")[-2000:], flush=True)
        return 1
    finally:
        if process is not None and process.poll() is None:
            process.terminate()  # only the sandbox this script started, by its own handle
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        if args.keep_venv and not args.sdk_venv:
            sandbox_log.unlink(missing_ok=True)
            print(f"the SDK's venv is kept at {venv} (reuse it with --sdk-venv)", flush=True)
        else:
            shutil.rmtree(workdir, ignore_errors=True)  # an --sdk-venv given elsewhere stays


# ---- child: the steps, in the SDK's venv ---------------------------------------------------------

MAX_PAGES = 50  # a pager that never ends is a failure, not a hang


def run_steps(base_url: str) -> int:
    import uuid

    import httpx
    from intercom.conversations import CreateConversationRequestFrom

    from intercom import (
        AdminReplyConversationRequest,
        CreateContactRequestWithEmail,
        Intercom,
        SingleFilterSearchRequest,
        StartingAfterPaging,
    )

    exchanges: list[tuple[str, str, str | None, str | None]] = []

    def record(response: httpx.Response) -> None:
        request = response.request
        exchanges.append(
            (
                request.method,
                request.url.path,
                request.headers.get("Intercom-Version"),
                response.headers.get("X-Sandbox-Requested-Version"),
            )
        )

    http = httpx.Client(timeout=30, trust_env=False, event_hooks={"response": [record]})
    client = Intercom(token=SANDBOX_TOKEN, base_url=base_url, httpx_client=http)  # no version set
    state: dict[str, Any] = {}
    failures = 0

    def describe(exc: Exception) -> str:
        status = getattr(exc, "status_code", None)
        if status is not None:  # the SDK's ApiError: status and Intercom's error body, not headers
            return f"HTTP {status}: {str(getattr(exc, 'body', ''))[:300]}"
        return f"{type(exc).__name__}: {str(exc)[:300]}"

    def pages_of(pager: Any) -> list[list[Any]]:
        pages = []
        for page in pager.iter_pages():
            pages.append(list(page.items or []))
            if len(pages) > MAX_PAGES:
                raise AssertionError(f"the pager did not stop after {MAX_PAGES} pages")
        return pages

    def step(name: str, run: Any, needs: tuple[str, ...]) -> None:
        nonlocal failures
        missing = [key for key in needs if key not in state]
        if missing:
            failures += 1
            print(
                f"failed  {name}: not run, an earlier step did not give it {', '.join(missing)}", flush=True
            )
            return
        try:
            detail = run()
        except Exception as exc:  # each step reports, the next still runs
            failures += 1
            print(f"failed  {name}: {describe(exc)}", flush=True)
        else:
            print(f"ok      {name}: {detail}", flush=True)

    def list_contacts() -> str:
        pages = pages_of(client.contacts.list(per_page=5))
        contacts = [c for page in pages for c in page]
        ids = [c.id for c in contacts]
        assert len(ids) == SEED == len(set(ids)), (
            f"{len(ids)} contacts ({len(set(ids))} distinct), want {SEED}"
        )
        state["contacts"] = contacts
        return f"{len(ids)} contacts in {len(pages)} pages of 5"

    def search_contacts() -> str:
        users = {c.id for c in state["contacts"] if c.role == "user"}
        query = SingleFilterSearchRequest(field="role", operator="=", value="user")
        # The SDK's own search pager asks for the same first page again (python-intercom 5.0.1
        # passes the original `pagination`, not the new cursor, to its next call), against
        # Intercom as against the sandbox; so the cursor is handed on here, as a user must.
        found, cursor, pages = [], None, 0
        while pages <= MAX_PAGES:
            page = client.contacts.search(
                query=query, pagination=StartingAfterPaging(per_page=4, starting_after=cursor)
            )
            found.extend(page.items or [])
            pages += 1
            nxt = page.response.pages.next if page.response.pages else None
            cursor = getattr(nxt, "starting_after", None)
            if not cursor:
                break
        assert {c.id for c in found} == users and len(found) == len(users), "search disagrees with the list"
        return f"{len(found)} users (role = user) in {pages} pages of 4, following pages.next.starting_after"

    def create_contact() -> str:
        email = f"sdk-{uuid.uuid4().hex[:8]}@example.com"
        contact = client.contacts.create(
            request=CreateContactRequestWithEmail(email=email, name="SDK Tester")
        )
        assert contact.id and contact.email == email, contact
        state["contact"] = contact
        return f"contact {contact.id} ({email})"

    def create_conversation() -> str:
        message = client.conversations.create(
            from_=CreateConversationRequestFrom(type="user", id=state["contact"].id),
            body="Hello from the official SDK",
        )
        assert message.conversation_id, message
        state["conversation_id"] = message.conversation_id
        return f"message {message.id} opened conversation {message.conversation_id}"

    def reply() -> str:
        admin = client.admins.identify()
        assert admin is not None and admin.id
        conversation = client.conversations.reply(
            conversation_id=state["conversation_id"],
            request=AdminReplyConversationRequest(message_type="comment", admin_id=admin.id, body="On it!"),
        )
        parts = conversation.conversation_parts.conversation_parts
        assert parts and parts[-1].body == "<p>On it!</p>", parts
        return f"teammate {admin.id} replied; {len(parts)} part(s)"

    def list_companies() -> str:
        pages = pages_of(client.companies.list(per_page=5))
        names = [c.id for page in pages for c in page]
        assert len(names) == SEED == len(set(names)), f"{len(names)} companies, want {SEED}"
        return f"{len(names)} companies in {len(pages)} pages of 5 (page numbers until an empty page)"

    def contact_companies() -> str:
        contact = state["contacts"][0]
        pages = pages_of(client.contacts.list_attached_companies(contact_id=contact.id, per_page=5))
        companies = [c for page in pages for c in page]
        assert len(companies) == 1, f"{len(companies)} companies"
        return f"contact {contact.id} belongs to {len(companies)} company; the pager ended"

    def list_admins() -> str:
        admins = client.admins.list().admins or []
        assert admins, "no admins"
        return f"{len(admins)} admin(s): {', '.join(a.name or a.id for a in admins)}"

    def list_teams() -> str:
        teams = client.teams.list().teams or []
        assert teams, "no teams"
        return f"{len(teams)} team(s): {', '.join(t.name for t in teams)}"

    def list_tags() -> str:
        tags = client.tags.list().data or []
        assert tags, "no tags"
        return f"{len(tags)} tag(s): {', '.join(t.name for t in tags)}"

    def no_version_sent() -> str:
        sent = {version for _, _, version, _ in exchanges}
        served = {served for _, _, _, served in exchanges}
        assert sent == {None}, f"the SDK sent Intercom-Version {sent - {None}}"
        assert served == {"2.10"}, f"the sandbox served {served}"
        return f"{len(exchanges)} requests, none with Intercom-Version; the sandbox used the app default 2.10"

    for name, run, needs in [
        ("list contacts across pages", list_contacts, ()),
        ("search contacts", search_contacts, ("contacts",)),
        ("create a contact", create_contact, ()),
        ("create a conversation", create_conversation, ("contact",)),
        ("reply to it as a teammate", reply, ("conversation_id",)),
        ("list companies across pages", list_companies, ()),
        ("list a contact's companies", contact_companies, ("contacts",)),
        ("list admins", list_admins, ()),
        ("list teams", list_teams, ()),
        ("list tags", list_tags, ()),
        ("no API version set", no_version_sent, ()),
    ]:
        step(name, run, needs)
    http.close()
    print(f"{'all steps passed' if not failures else f'{failures} step(s) failed'}", flush=True)
    return 0 if not failures else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sdk-venv", help="venv for the SDK (created if missing, kept); default: a temporary one"
    )
    parser.add_argument(
        "--keep-venv", action="store_true", help="keep the temporary venv (its path is printed)"
    )
    parser.add_argument(
        "--sdk", default="python-intercom", help="pip requirement of the SDK [python-intercom]"
    )
    parser.add_argument("--connector", help="intercom-connector executable [the one beside this Python]")
    parser.add_argument("--steps", metavar="URL", help=argparse.SUPPRESS)  # internal: run in the SDK's venv
    args = parser.parse_args()
    if args.steps:
        return run_steps(args.steps)
    return run_parent(args)


if __name__ == "__main__":
    sys.exit(main())
