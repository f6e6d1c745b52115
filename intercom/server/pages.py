"""The small HTML pages the OAuth callback answers with."""

from __future__ import annotations

from html import escape

from starlette.responses import HTMLResponse

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem}}
h1{{font-size:1.4rem}} .err{{color:#b00020}}</style></head>
<body><h1 class="{cls}">{title}</h1><p>{body}</p></body></html>"""


def connected_page(account: str, note: str | None = None) -> HTMLResponse:
    extra = f" {escape(note)}" if note else ""
    return HTMLResponse(_PAGE.format(
        title="Intercom account connected", cls="ok",
        body=f"<strong>{escape(account)}</strong> is connected.{extra} You can close this window."))


def error_page(message: str, status: int) -> HTMLResponse:
    return HTMLResponse(
        _PAGE.format(title="Could not connect Intercom", cls="err", body=escape(message)),
        status_code=status,
    )
