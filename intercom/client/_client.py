"""The one async HTTP client through which every component talks to Intercom."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Generator
from json import dumps as json_dumps
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from . import _constants as c
from ._errors import (
    APIConnectionError,
    APITimeoutError,
    InputError,
    error_from_response,
)
from ._pagination import BasePaginator, Page, PageRequest
from ._retry import (
    Clock,
    RetryPolicy,
    SystemClock,
    backoff_delay,
    is_unsent_error,
    rate_limit_delay,
    should_retry_status,
)

try:
    from importlib.metadata import version as _pkg_version

    _VERSION = _pkg_version("intercom-connector")
except Exception:  # running from a source tree that was never installed
    _VERSION = "0"

USER_AGENT = f"intercom-connector/{_VERSION}"


def base_url_for(region: str | None = None, base_url: str | None = None) -> str:
    """An explicit base URL wins, then INTERCOM_BASE_URL, then the data region's host."""
    key = (region or c.DEFAULT_REGION).strip().lower()
    if key not in c.REGION_BASE_URLS:
        raise InputError("region", f"unknown data region {region!r}; use one of us, eu, au")
    if base_url:
        return base_url.rstrip("/")
    env = os.environ.get(c.BASE_URL_ENV)
    if env:
        return env.rstrip("/")
    return c.REGION_BASE_URLS[key]


def endpoint(template: str, **params: Any) -> str:
    """Fill a path template, escaping each value so an id can never change the path."""
    for name, value in params.items():
        text = "" if value is None else str(value)
        if not text.strip():
            raise InputError(name, "must not be empty")
        template = template.replace("{" + name + "}", quote(text, safe="", errors="replace"))
    return template


def default_headers() -> dict[str, str]:
    return {
        "Intercom-Version": c.INTERCOM_VERSION,
        "Accept": "application/json",
        "User-Agent": USER_AGENT,
    }


class BearerAuth(httpx.Auth):
    """Applies the token in one place, so no handler ever builds an Authorization header."""

    def __init__(self, token: str) -> None:
        self._token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self._token}"
        yield request

    def __repr__(self) -> str:  # never show the token
        return "BearerAuth(***)"


class IntercomClient:
    """Async Intercom client: auth, version header, retries, errors and pagination.

    Use as ``async with IntercomClient(token, region="eu") as intercom: ...``.
    """

    def __init__(
        self,
        access_token: str,
        *,
        region: str | None = None,
        base_url: str | None = None,
        timeout: httpx.Timeout | float = c.DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        clock: Clock | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if not access_token:
            raise InputError("accessToken", "no Intercom access token; connect an account first")
        self.base_url = base_url_for(region, base_url)
        self.retry = retry or RetryPolicy()
        self.clock: Clock = clock or SystemClock()
        self._blocked_until = 0.0
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            auth=BearerAuth(access_token),
            headers=default_headers(),
            timeout=timeout,
            transport=transport,
        )

    async def __aenter__(self) -> IntercomClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- URLs ---------------------------------------------------------------------------

    def url_for(self, path: str) -> str:
        """A path on the configured Intercom host; an absolute URL only if it is that host.

        The bearer token goes with every request, so a URL on any other host is refused.
        """
        try:
            parts = urlsplit(path)
        except ValueError as exc:  # e.g. an unbalanced IPv6 bracket
            raise InputError("url", f"is not a URL: {exc}") from None
        if parts.scheme or parts.netloc:
            base = urlsplit(self.base_url)
            if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
                raise InputError(
                    "url",
                    f"only URLs on {self.base_url} are allowed (the account's token is sent "
                    "with the request); give a path such as /contacts",
                )
            path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path.startswith("/"):
            path = "/" + path
        return path

    # -- requests -----------------------------------------------------------------------

    async def send(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
        raise_for_status: bool = True,
    ) -> httpx.Response:
        """Send one request with the retry policy; returns the raw response."""
        method = method.upper()
        url = self.url_for(path)
        try:
            request = self._http.build_request(
                method, url, params=_clean_params(params), content=_json_body(json),
                headers={**(_JSON_CONTENT if json is not None else {}), **(headers or {})},
            )
        except (httpx.InvalidURL, UnicodeEncodeError) as exc:
            raise InputError("url", f"cannot be sent: {exc}") from None
        waited = 0.0
        attempt = 0
        while True:
            await self._respect_rate_limit_window()
            try:
                response = await self._http.send(request)
            except httpx.TransportError as exc:
                retryable = is_unsent_error(exc)
                if retryable and attempt < self.retry.max_retries:
                    delay = backoff_delay(attempt, self.retry)
                    if waited + delay <= self.retry.max_total_wait:
                        waited += delay
                        attempt += 1
                        await self.clock.sleep(delay)
                        continue
                raise _connection_error(exc, method, url) from None

            self._remember_rate_limit(response.headers)
            if response.is_success or not raise_for_status:
                return response
            if should_retry_status(response.status_code, method) and attempt < self.retry.max_retries:
                if response.status_code == 429:
                    delay = rate_limit_delay(response.headers, self.clock.now(), attempt, self.retry)
                else:
                    delay = backoff_delay(attempt, self.retry)
                if waited + delay <= self.retry.max_total_wait:
                    await response.aread()
                    waited += delay
                    attempt += 1
                    await self.clock.sleep(delay)
                    continue
            await response.aread()
            raise error_from_response(response)

    async def request(self, method: str, path: str, **kwargs: Any) -> Any:
        """Send a request and return its decoded JSON body (None for an empty body)."""
        response = await self.send(method, path, **kwargs)
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            return response.text

    async def get(self, path: str, *, params: dict[str, Any] | None = None) -> Any:
        return await self.request("GET", path, params=params)

    async def post(self, path: str, json: Any = None, *, params: dict[str, Any] | None = None) -> Any:
        return await self.request("POST", path, json=json, params=params)

    async def put(self, path: str, json: Any = None) -> Any:
        return await self.request("PUT", path, json=json)

    async def delete(self, path: str, json: Any = None) -> Any:
        return await self.request("DELETE", path, json=json)

    # -- pagination ---------------------------------------------------------------------

    async def iter_pages(
        self,
        method: str,
        path: str,
        paginator: BasePaginator,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
    ) -> AsyncIterator[Page]:
        request: PageRequest | None = paginator.first_request(
            PageRequest(method.upper(), path, dict(params or {}), json)
        )
        number = 0
        while request is not None:
            body = await self.request(
                request.method, request.path, params=request.params, json=request.json
            )
            body = body if isinstance(body, dict) else {}
            number += 1
            yield Page(paginator.items(body), body, request, number)
            request = paginator.next_request(request, body)

    async def iter_items(
        self,
        method: str,
        path: str,
        paginator: BasePaginator,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        limit: int | None = None,
    ) -> AsyncIterator[dict[str, Any]]:
        """Every item across pages, stopping early (no extra request) once ``limit`` is met."""
        if limit is not None and limit <= 0:
            return
        count = 0
        async for page in self.iter_pages(method, path, paginator, params=params, json=json):
            for item in page.items:
                yield item
                count += 1
                if limit is not None and count >= limit:
                    return

    # -- rate-limit window --------------------------------------------------------------

    def _remember_rate_limit(self, headers: httpx.Headers) -> None:
        remaining, reset = headers.get("x-ratelimit-remaining"), headers.get("x-ratelimit-reset")
        if remaining is None or reset is None:
            return
        try:
            if int(remaining) <= 0:
                self._blocked_until = float(reset)
        except ValueError:
            return

    async def _respect_rate_limit_window(self) -> None:
        """When the last answer said the window is used up, wait for the reset, not a 429."""
        if not self._blocked_until:
            return
        wait = self._blocked_until - self.clock.now()
        self._blocked_until = 0.0
        if 0 < wait <= self.retry.max_rate_limit_wait:
            await self.clock.sleep(wait)


_JSON_CONTENT = {"Content-Type": "application/json"}


def _json_body(body: Any) -> bytes | None:
    """JSON as ASCII: text that is not valid Unicode (lone surrogates) still travels, escaped."""
    if body is None:
        return None
    try:
        return json_dumps(body, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode()
    except ValueError:
        raise InputError("body", "holds NaN or Infinity, which JSON cannot carry; give a finite number") \
            from None
    except TypeError as exc:
        raise InputError("body", f"cannot be sent as JSON: {exc}") from None


def _text(value: str) -> str:
    # Lone surrogates cannot be encoded; send U+FFFD rather than fail before the request.
    return value.encode("utf-8", "replace").decode("utf-8")


def _clean_params(params: dict[str, Any] | None) -> dict[str, Any] | None:
    if not params:
        return None
    out: dict[str, Any] = {}
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        out[_text(str(key))] = _text(value) if isinstance(value, str) else value
    return out


def _connection_error(exc: httpx.TransportError, method: str, url: str) -> APIConnectionError:
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"Intercom did not answer {method} {url} in time ({type(exc).__name__})")
    return APIConnectionError(f"could not reach Intercom for {method} {url}: {type(exc).__name__}")


