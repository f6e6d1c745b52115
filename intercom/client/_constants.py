"""Every tuning knob of the Intercom client, in one place."""

from __future__ import annotations

import httpx

INTERCOM_VERSION = "2.10"

REGION_BASE_URLS: dict[str, str] = {
    "us": "https://api.intercom.io",
    "eu": "https://api.eu.intercom.io",
    "au": "https://api.au.intercom.io",
}
DEFAULT_REGION = "us"
BASE_URL_ENV = "INTERCOM_BASE_URL"

# Intercom answers most calls in well under a second; a slow search or export can take longer.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)

# Largest page any Intercom list or search endpoint accepts.
MAX_PER_PAGE = 150

# A listing that keeps handing out fresh cursors with nothing on the page is broken, not long.
MAX_EMPTY_PAGES = 10
# 1.5 million records at 150 a page: beyond any real listing, short of running forever.
MAX_PAGES = 10_000

# Largest answer read, counted after decompression (a 300 KiB gzip can hold 300 MiB). The
# biggest real answers (a page of 150 contacts with custom attributes, a conversation with its
# 500 newest parts) stay well below it.
MAX_RESPONSE_BYTES = 32 * 1024 * 1024

# Retry policy. 429s are waited out (Intercom's window is 10 seconds), other failures get a
# few quick, jittered attempts; nothing waits longer in total than MAX_TOTAL_RETRY_WAIT.
MAX_RETRIES = 5
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RATE_LIMIT_WAIT = 60.0
MAX_TOTAL_RETRY_WAIT = 120.0

# Methods whose repetition cannot create a second record: retried after a 5xx.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})

# Event-loop turns a request started alongside needs to reach its socket (httpx takes a few):
# a request sent ahead is given them before the caller goes on with synchronous work.
SEND_STEPS = 4
