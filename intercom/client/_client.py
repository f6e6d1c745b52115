"""The one async HTTP client through which every component talks to Intercom."""

from __future__ import annotations

import asyncio
import json as jsonlib
import logging
import os
from collections.abc import AsyncIterator, Callable, Generator, Iterator
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from json import dumps as json_dumps
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from .. import __version__, tls
from . import _constants as c
from ._errors import (
    APIConnectionError,
    APITimeoutError,
    InputError,
    InvalidResponseError,
    ResponseTooLargeError,
    connection_cause,
    connection_error,
    error_from_response,
)
from ._headers import check_request_headers, control_character
from ._pagination import BasePaginator, Page, PageRequest, PaginationLoopError
from ._retry import (
    Clock,
    RetryPolicy,
    SystemClock,
    backoff_delay,
    is_unsent_error,
    rate_limit_delay,
    should_retry_status,
)

USER_AGENT = f"intercom-connector/{__version__}"

logger = logging.getLogger("intercom.client")


def base_url_for(region: str | None = None, base_url: str | None = None) -> str:
    """An explicit base URL wins, then INTERCOM_BASE_URL, then the data region's host."""
    key = (region or c.DEFAULT_REGION).strip().lower()
    if key not in c.REGION_BASE_URLS:
        raise InputError("region", f"unknown data region {region!r}; use one of us, eu, au")
    if base_url:
        return _checked_base_url(base_url, "baseUrl")
    env = os.environ.get(c.BASE_URL_ENV)
    if env:
        return _checked_base_url(env, c.BASE_URL_ENV)
    return c.REGION_BASE_URLS[key]


def _checked_base_url(value: str, source: str) -> str:
    """A custom base URL must be http(s)://host[:port]; refused before any request otherwise."""
    text = value.strip().rstrip("/")
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(source, f"{value!r} is not an http(s) base URL; give one such as "
                                 "https://api.intercom.io or http://127.0.0.1:8765 (the sandbox)")
    return text


def base_url_source(base_url: str | None = None) -> str | None:
    """Where a custom base URL came from, for error messages (None: Intercom's regional host)."""
    if base_url:
        return "the connection's baseUrl"
    return c.BASE_URL_ENV if os.environ.get(c.BASE_URL_ENV) else None


def endpoint(template: str, **params: Any) -> str:
    """Fill a path template, escaping each value so an id can never change the path."""
    for name, value in params.items():
        text = "" if value is None else str(value)
        if not text.strip():
            raise InputError(name, "must not be empty")
        bad = control_character(text)
        if bad is not None:  # escaped it would travel, but no Intercom id holds one: a mistake or an attack
            raise InputError(name, f"holds the control character {bad!r}; give the id alone")
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
        max_response_bytes: int = c.MAX_RESPONSE_BYTES,
    ) -> None:
        access_token = _checked_token(access_token)
        self.base_url = base_url_for(region, base_url)
        self._base_url_hint = base_url_source(base_url)
        self.retry = retry or RetryPolicy()
        self.clock: Clock = clock or SystemClock()
        self._blocked_until = 0.0
        # httpx times each read; this bounds the whole answer, so a body that drips a few
        # bytes at a time cannot hold a call for longer than the timeout.
        self.deadline = _deadline_of(timeout)
        self.max_response_bytes = max_response_bytes
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            auth=BearerAuth(access_token),
            headers=default_headers(),
            timeout=timeout,
            transport=transport,
            # One context for the process, not a CA bundle read per client.
            verify=tls.context() if transport is None else True,
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
        bad = control_character(path)
        if bad is not None:
            raise InputError("url", f"holds the control character {bad!r}; give a path such as /contacts")
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
        """Send one request with the retry policy; returns the raw (fully read) response."""
        response, _ = await self._exchange(
            method, path, params=params, json=json, headers=headers,
            raise_for_status=raise_for_status, decode=False,
        )
        return response

    async def request(self, method: str, path: str, **kwargs: Any) -> Any:
        """Send a request and return its JSON object (None for an empty body, except on GET).

        A success status whose body is anything else (HTML from a proxy, a truncated or
        non-object JSON) raises InvalidResponseError, retried like a 5xx when the method is
        idempotent: it is never handed on as data.
        """
        _, body = await self._exchange(method, path, decode=True, **kwargs)
        return body

    @asynccontextmanager
    async def stream(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> AsyncIterator[httpx.Response]:
        """A success response whose body is still to be read, for downloads: ``async with``.

        Up to the status line it is ``request``: the same host check, token, version header,
        retries and errors (an error answer is read, under the cap, and raised). The body is
        then the caller's to read with ``aiter_bytes()``, chunk by chunk; each read has the
        client's read timeout but there is no whole-answer deadline, since a large export may
        take minutes to arrive. No body is sent: downloads are reads.
        """
        method = method.upper()
        check_request_headers(headers)
        try:
            request = self._http.build_request(
                method, self.url_for(path), params=_clean_params(params), headers=headers or None
            )
        except (httpx.InvalidURL, UnicodeEncodeError) as exc:
            raise InputError("url", f"cannot be sent: {exc}") from None
        where = f"{method} {request.url.path}"
        retries = _Retries(self.retry, self.clock, where)
        while True:
            window = self._rate_limit_window()
            if window:
                await retries.wait(window, count=False, reason="the rate-limit window is used up")
            try:
                async with asyncio.timeout(self.deadline):
                    response = await self._http.send(request, stream=True)
            except TimeoutError:
                raise APITimeoutError(
                    f"{request.url.host} did not start answering {where} within {self.deadline:g} s; "
                    "try again later"
                ) from None
            except httpx.TransportError as exc:
                cause = connection_cause(exc, request.url, base_url_hint=self._base_url_hint)
                if is_unsent_error(exc) and cause.retry_can_help and await retries.backoff(cause.summary):
                    continue
                raise self._connection_error(exc, request) from None
            self._remember_rate_limit(response.headers)
            if response.is_success:
                try:
                    yield response
                finally:
                    await response.aclose()
                return
            try:
                await _read_capped(response, self.max_response_bytes, where)
            except httpx.TransportError as exc:
                raise self._connection_error(exc, request) from None
            finally:
                await response.aclose()
            if should_retry_status(response.status_code, method):
                if response.status_code == 429:
                    delay = rate_limit_delay(response.headers, self.clock.now(), retries.attempt, self.retry)
                    if await retries.wait(delay, reason="Intercom's rate limit (429)"):
                        continue
                elif await retries.backoff(f"Intercom answered {response.status_code}"):
                    continue
            raise error_from_response(response)

    async def _exchange(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
        raise_for_status: bool = True,
        decode: bool,
    ) -> tuple[httpx.Response, Any]:
        method = method.upper()
        url = self.url_for(path)
        check_request_headers(headers)
        try:
            request = self._http.build_request(
                method, url, params=_clean_params(params), content=_json_body(json),
                headers={**(_JSON_CONTENT if json is not None else {}), **(headers or {})},
            )
        except (httpx.InvalidURL, UnicodeEncodeError) as exc:
            raise InputError("url", f"cannot be sent: {exc}") from None
        where = f"{method} {request.url.path}"
        idempotent = method in c.IDEMPOTENT_METHODS
        retries = _Retries(self.retry, self.clock, where)
        last: httpx.Response | None = None
        while True:
            window = self._rate_limit_window()
            waited_out = not window or await retries.wait(
                window, count=False, reason="the rate-limit window is used up")
            if not waited_out and last is not None:  # waiting would break the total bound
                raise error_from_response(last)
            try:
                response = await self._fetch(request, where)
            except _BodyBroken as broken:  # the answer started, then broke off
                failure = self._connection_error(broken.cause, request)
                if idempotent and await retries.backoff(str(failure)):
                    continue
                raise failure from None
            except httpx.TransportError as exc:
                failure = self._connection_error(exc, request)
                cause = connection_cause(exc, request.url, base_url_hint=self._base_url_hint)
                if is_unsent_error(exc) and cause.retry_can_help and await retries.backoff(cause.summary):
                    continue
                raise failure from None

            self._remember_rate_limit(response.headers)
            if response.is_success:
                if not decode:
                    return response, None
                try:
                    return response, _decoded(response, where)
                except InvalidResponseError:
                    if idempotent and await retries.backoff("the answer was not usable JSON"):
                        continue
                    raise
            if not raise_for_status:
                return response, _lenient_json(response) if decode else None
            last = response
            if should_retry_status(response.status_code, method):
                if response.status_code == 429:
                    delay = rate_limit_delay(response.headers, self.clock.now(), retries.attempt, self.retry)
                    if await retries.wait(delay, reason="Intercom's rate limit (429)"):
                        continue
                elif await retries.backoff(f"Intercom answered {response.status_code}"):
                    continue
            raise error_from_response(response)

    def _connection_error(self, exc: httpx.TransportError, request: httpx.Request) -> APIConnectionError:
        return connection_error(exc, request.method, request.url, base_url_hint=self._base_url_hint)

    async def _fetch(self, request: httpx.Request, where: str) -> httpx.Response:
        """One attempt, headers and body, within the deadline; the body read under the cap."""
        try:
            async with asyncio.timeout(self.deadline):
                response = await self._http.send(request, stream=True)
                try:
                    await _read_capped(response, self.max_response_bytes, where)
                except httpx.TransportError as exc:
                    raise _BodyBroken(exc) from None
                finally:
                    await response.aclose()
        except TimeoutError:
            raise APITimeoutError(
                f"{request.url.host} did not answer {where} within {self.deadline:g} s (the whole answer, "
                "not each read); try again later"
            ) from None
        return response

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
        ahead_until: int | None = None,
    ) -> AsyncIterator[Page]:
        """Every page, in order.

        ``ahead_until``: the caller reads on until that many records (it says so to opt in);
        then the next page is asked for as soon as this one's raw answer names it, and parsed
        and handed over meanwhile. The request is checked against the parsed page (a wrong guess
        is dropped), and none is sent ahead once the pages so far may hold that many records,
        so the requests sent are the ones reading in turn would send.
        """
        request: PageRequest | None = paginator.first_request(
            PageRequest(method.upper(), path, dict(params or {}), json)
        )
        number = empty = records = 0
        fetching: asyncio.Future[Any] | None = None
        ahead: tuple[PageRequest, asyncio.Future[Any]] | None = None
        try:
            while request is not None:
                where = f"{request.method} {request.path}"
                fetching = fetching or self._fetch_page(request)
                response, _ = await fetching
                fetching = None
                room = ahead_until is not None and records + (paginator.per_page or ahead_until) < ahead_until
                guess = paginator.guess_next(request, response.content) if room else None
                ahead = None
                if guess is not None:
                    ahead = (guess, self._fetch_page(guess))
                    for _ in range(c.SEND_STEPS):  # sent before this page is parsed, not after
                        await asyncio.sleep(0)
                body = await self._page_body(request, response, where)
                if not isinstance(body, dict):
                    raise InvalidResponseError(
                        f"Intercom answered {where} with an empty page; nothing was used from it"
                    )
                items = paginator.items_in(body)
                if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
                    raise InvalidResponseError(
                        f"Intercom answered {where} with a page that has no {paginator.items_key!r} list "
                        "of records; nothing was used from it".replace("'", '"')
                    )
                number += 1
                records += len(items)
                yield Page(items, body, request, number)
                request = paginator.next_request(request, body)
                empty = empty + 1 if request is not None and not items else 0
                if empty >= c.MAX_EMPTY_PAGES:
                    raise PaginationLoopError(
                        f"Intercom sent {empty} empty pages in a row for {where}, each pointing to "
                        "another; stopped rather than follow it forever"
                    )
                if request is not None and number >= c.MAX_PAGES:
                    raise PaginationLoopError(
                        f"{where} has more than {c.MAX_PAGES} pages; narrow the listing"
                    )
                if ahead is not None:
                    guessed, fetch = ahead
                    ahead = None
                    if guessed == request:
                        fetching = fetch
                    else:
                        _drop(fetch)
        finally:
            for left in (fetching, ahead[1] if ahead else None):
                if left is not None:
                    _drop(left)

    def _fetch_page(self, request: PageRequest) -> asyncio.Future[Any]:
        """A page's answer, read but not parsed, fetched alongside (retries and errors as ever)."""
        return asyncio.ensure_future(self._exchange(
            request.method, request.path, params=request.params, json=request.json, decode=False
        ))

    async def _page_body(self, request: PageRequest, response: httpx.Response, where: str) -> Any:
        """The page's JSON; an answer that is not JSON is asked for again, as request() would."""
        retries = _Retries(self.retry, self.clock, where)
        while True:
            try:
                return _decoded(response, where)
            except InvalidResponseError:
                if request.method not in c.IDEMPOTENT_METHODS or not await retries.backoff(
                    "the answer was not usable JSON"
                ):
                    raise
            response, _ = await self._exchange(
                request.method, request.path, params=request.params, json=request.json, decode=False
            )

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

    def _rate_limit_window(self) -> float:
        """Seconds until the window the last answer said is used up resets (0 when it is not)."""
        if not self._blocked_until:
            return 0.0
        wait = self._blocked_until - self.clock.now()
        self._blocked_until = 0.0
        return wait if 0 < wait <= self.retry.max_rate_limit_wait else 0.0


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


def _checked_token(token: str | None) -> str:
    """Surrounding whitespace (a pasted newline) is dropped; a blank or broken token is refused."""
    text = (token or "").strip()
    if not text:
        raise InputError("accessToken", "no Intercom access token (empty or blank); connect an account "
                                        "or set INTERCOM_ACCESS_TOKEN")
    if any(ch.isspace() or not ch.isprintable() or not ch.isascii() for ch in text):
        raise InputError("accessToken", "the access token holds spaces, line breaks or other characters "
                                        "no token has; copy it again")
    return text




def _deadline_of(timeout: httpx.Timeout | float | None) -> float | None:
    """The whole-answer deadline: the longest of the per-phase timeouts."""
    if timeout is None or isinstance(timeout, int | float):
        return timeout
    phases = [t for t in (timeout.connect, timeout.read, timeout.write, timeout.pool) if t is not None]
    return max(phases) if phases else None


@dataclass(frozen=True)
class RetryWait:
    """A pause the client is about to take: for a progress display or a log line."""

    seconds: float
    reason: str
    request: str  # "GET /contacts"
    attempt: int | None  # the retry this wait leads to, None for a rate-limit window
    max_retries: int

    def __str__(self) -> str:
        retry = f"retry {self.attempt} of {self.max_retries}" if self.attempt else "then continuing"
        return f"{self.reason}: waiting {self.seconds:.1f} s before {self.request} ({retry})"


WaitObserver = Callable[[RetryWait], None]
# Who hears of each pause: set per task (a CLI run, a trigger tick), not per client, since one
# pooled client serves many callers.
_wait_observer: ContextVar[WaitObserver | None] = ContextVar("intercom_wait_observer", default=None)


@contextmanager
def report_waits(observer: WaitObserver) -> Iterator[None]:
    """Within this block (and tasks started in it), every retry or rate-limit pause calls ``observer``."""
    token = _wait_observer.set(observer)
    try:
        yield
    finally:
        _wait_observer.reset(token)


class _Retries:
    """The retry budget of one call: attempts and every second slept count against the policy."""

    def __init__(self, policy: RetryPolicy, clock: Clock, where: str = "") -> None:
        self.policy = policy
        self.clock = clock
        self.where = where
        self.attempt = 0
        self.waited = 0.0

    async def wait(self, delay: float, *, count: bool = True, reason: str = "retrying") -> bool:
        """Sleep ``delay`` if the attempts and total wait allow it; ``count`` spends an attempt."""
        if count and self.attempt >= self.policy.max_retries:
            return False
        if self.waited + delay > self.policy.max_total_wait:
            return False
        self.waited += delay
        if count:
            self.attempt += 1
        pause = RetryWait(delay, reason, self.where, self.attempt if count else None, self.policy.max_retries)
        logger.info("%s", pause)
        observer = _wait_observer.get()
        if observer is not None:
            observer(pause)
        await self.clock.sleep(delay)
        return True

    async def backoff(self, reason: str = "retrying") -> bool:
        if self.attempt >= self.policy.max_retries:
            return False
        return await self.wait(backoff_delay(self.attempt, self.policy), reason=reason)


def _drop(fetch: asyncio.Future[Any]) -> None:
    """A fetch nobody will read: cancelled, and its outcome, if it came, retrieved and let go."""
    fetch.cancel()
    fetch.add_done_callback(lambda done: done.cancelled() or done.exception())


class _BodyBroken(Exception):
    """The status and headers came, then the connection failed while the body was read."""

    def __init__(self, cause: httpx.TransportError) -> None:
        self.cause = cause


def _size(limit: int) -> str:
    mib = 1024 * 1024
    return f"{limit // mib} MiB" if limit % mib == 0 else f"{limit} bytes"


async def _read_capped(response: httpx.Response, limit: int, where: str) -> None:
    """Read the decoded body, stopping as soon as it passes ``limit`` bytes."""
    too_large = ResponseTooLargeError(
        f"Intercom's answer to {where} is more than {_size(limit)} once decoded; it was not read "
        "(raise max_response_bytes if this answer is expected to be that large)"
    )
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    body = bytearray()
    async for chunk in response.aiter_bytes():
        body += chunk
        if len(body) > limit:
            raise too_large
    # What ``aread`` would have stored, so .content, .text and .json() work as usual.
    response._content = bytes(body)


_PREFIX_CHARS = 40


def _prefix(response: httpx.Response) -> str:
    text = response.content[: _PREFIX_CHARS * 4].decode("utf-8", "replace")
    return repr(text[:_PREFIX_CHARS])


def _decoded(response: httpx.Response, where: str) -> Any:
    """The JSON object a success answer must hold; anything else is an InvalidResponseError."""
    status = response.status_code

    def invalid(problem: str) -> InvalidResponseError:
        return InvalidResponseError(
            f"Intercom answered {where} with {status} but {problem}; nothing was used from it"
        )

    if not response.content.strip():
        # Only calls that do something may answer with no body (POST /events, DELETE /tags/{id}).
        if response.request.method == "GET":
            raise invalid("the body is empty")
        return None
    try:
        body = jsonlib.loads(response.content)
    except (ValueError, RecursionError):  # not JSON, cut short, a 5,000-digit number, 100k deep
        kind = response.headers.get("content-type", "").split(";")[0].strip() or "no content type"
        raise invalid(f"the body is not JSON ({kind}, starts {_prefix(response)})") from None
    if not isinstance(body, dict):
        raise invalid(f"the body is a JSON {_json_kind(body)}, not an object")
    return body


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    return "number"


def _lenient_json(response: httpx.Response) -> Any:
    """An error answer's body as the caller asked not to raise: JSON when it is, else text."""
    if not response.content:
        return None
    try:
        return response.json()
    except (ValueError, RecursionError):
        return response.text
