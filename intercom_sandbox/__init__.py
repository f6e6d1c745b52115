"""A stateful, in-memory simulator of the Intercom REST API 2.10, for tests and demos.

It speaks the same wire format as api.intercom.io (auth and version headers, `error.list`
errors, rate-limit headers, cursor pagination, the search query language, OAuth and signed
webhooks) and adds test controls that are not part of Intercom's API:

    GET  /_sandbox/health      liveness, workspace id and sandbox time
    POST /_sandbox/ping        send a `ping` notification to the webhook URL
    GET|PUT /_sandbox/webhook  read or set the webhook URL ({"url": ...})
    GET  /_sandbox/webhooks    the delivery log
    GET|POST /_sandbox/clock   read or move the clock ({"freeze_at"|"advance"|"unfreeze"})

Typical use::

    with SandboxServer(SandboxConfig(seed=20)) as sandbox:
        client = httpx.Client(base_url=sandbox.base_url,
                              headers={"Authorization": "Bearer any", "Intercom-Version": "2.10"})
"""

from .app import create_app
from .config import SandboxConfig
from .server import SandboxServer, run_sandbox
from .store import SandboxStore
from .webhooks import sign as sign_webhook_body

__all__ = ["SandboxConfig", "SandboxServer", "SandboxStore", "create_app", "run_sandbox", "sign_webhook_body"]
