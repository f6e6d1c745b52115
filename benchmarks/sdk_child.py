"""Intercom's official Python SDK (python-intercom) timing one job; runs in the SDK's own venv.

    <sdk venv>/bin/python -I benchmarks/sdk_child.py '{"job": "list", "base_url": ...}'

Imports only the SDK, httpx and the standard library (``-I``: never the connector's package of
the same name), prints one JSON object: the seconds each call took, requests sent, 429s
received and the error that stopped it, if any. The SDK is used as its docs show, with one
client reused across calls; no API version is set, as a stock user would leave it.
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from typing import Any


def main() -> None:
    import httpx

    from intercom import AdminReplyConversationRequest, CreateContactRequestWithEmail, Intercom

    job: dict[str, Any] = json.loads(sys.argv[1])
    sent = {"requests": 0, "429": 0}

    def count(response: httpx.Response) -> None:
        sent["requests"] += 1
        sent["429"] += response.status_code == 429

    http = httpx.Client(timeout=60, trust_env=False, event_hooks={"response": [count]})
    client = Intercom(token=job["token"], base_url=job["base_url"], httpx_client=http)
    seconds: list[float] = []
    error = None
    items = 0
    try:
        if job["job"] == "list":
            for _ in range(job.get("times", 1)):
                started = time.perf_counter()
                items = 0
                for page in client.contacts.list(per_page=job["per_page"]).iter_pages():
                    items += len(page.items or [])
                seconds.append(time.perf_counter() - started)
        else:
            for target in job["targets"]:
                started = time.perf_counter()
                if job["job"] == "GetContact":
                    client.contacts.find(contact_id=target)
                elif job["job"] == "CreateContact":
                    email = f"sdk-{uuid.uuid4().hex[:12]}@example.com"
                    client.contacts.create(request=CreateContactRequestWithEmail(email=email, name="SDK"))
                else:
                    request = AdminReplyConversationRequest(
                        message_type="comment", admin_id=job["admin_id"], body="On it")
                    client.conversations.reply(conversation_id=target, request=request)
                seconds.append(time.perf_counter() - started)
    except Exception as exc:  # reported, not raised: a failure is a figure too
        status = getattr(exc, "status_code", None)  # the SDK's ApiError: its status and Intercom's body
        detail = f"HTTP {status}: {getattr(exc, 'body', '')}" if status is not None else str(exc)
        error = f"{type(exc).__name__}: {detail[:200]}"
    http.close()
    print(json.dumps({"seconds": seconds, "items": items, "error": error, **sent}))


if __name__ == "__main__":
    main()
