"""Content data exports: waiting for a job with backoff, and saving its download as a file.

Intercom builds an export in the background; its status is polled until it is ``completed``
(or ``failed``, ``no_data``, ``canceled``). The download is a gzipped CSV that can be large, so
it is never held in memory: the host copies it into its file store from a worker thread
(``context.save_file_stream``) while :class:`DownloadReader` pulls the HTTP body chunk by
chunk from the event loop and inflates it on the way. The stored file is the plain CSV; a body
that is not gzip (a proxy that already decoded it) is stored as it came.
"""

from __future__ import annotations

import asyncio
import threading
import zlib
from collections.abc import AsyncIterator
from typing import Any

import httpx

from ..client import APIConnectionError, IntercomClient, InvalidResponseError, endpoint
from .declare import Port
from .inputs import Input, date_time

GZIP_MAGIC = b"\x1f\x8b"
FINISHED = ("completed", "failed", "no_data", "canceled")
# The first status check comes this long after the job started; each wait doubles, up to the cap.
FIRST_CHECK_SECONDS = 2.0
MAX_CHECK_INTERVAL_SECONDS = 60.0
# Decompressed data handed to the file store per read (a small gzip can hold a lot).
READ_SIZE = 1 << 16
# Beyond any real content export; stops a decompression bomb from filling the disk.
MAX_CSV_BYTES = 8 << 30

FILE_PORT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["fileId", "filename", "length", "jobIdentifier"],
    "properties": {
        "fileId": {"type": "string", "title": "File ID", "format": "appmixer-file-id"},
        "filename": {"type": "string", "title": "File name"},
        "length": {"type": "integer", "title": "Size (bytes)"},
        "jobIdentifier": {"type": "string", "title": "Export job ID"},
        "status": {"type": "string", "title": "Job status"},
        "downloadExpiresAt": {"type": ["string", "integer", "null"], "title": "Download expires at"},
    },
}


def job_identifier(job: Any) -> str:
    """The job's id: the live API says ``job_identifier``, the 2.10 description ``job_identfier``."""
    found = (job.get("job_identifier") or job.get("job_identfier")) if isinstance(job, dict) else None
    if not isinstance(found, str) or not found:
        raise InvalidResponseError("Intercom's answer about the export job names no job identifier")
    return found


def file_port(label: str = "CSV file") -> Port:
    return Port(label, FILE_PORT_SCHEMA)


async def wait_for_export(
    context: Any, intercom: IntercomClient, job: dict[str, Any], *, max_wait: float
) -> dict[str, Any]:
    """Check the job with growing pauses until it finishes or ``max_wait`` seconds have passed.

    Pauses use the client's clock, so tests move time instead of sleeping. Returns the last
    answer; a job still running at the deadline raises :class:`ExportTimeout`.
    """
    job_id = job_identifier(job)
    clock = intercom.clock
    started = clock.now()
    pause = FIRST_CHECK_SECONDS
    checks = 0
    while str(job.get("status")) not in FINISHED:
        waited = clock.now() - started
        left = max_wait - waited
        if left <= 0:
            raise ExportTimeout(job_id, str(job.get("status")), waited, checks)
        step = min(pause, left)
        context.log(f"content export {job_id} is {job.get('status')} after {checks} check(s) and "
                    f"{waited:.0f} s; checking again in {step:.0f} s")
        await clock.sleep(step)
        job = await intercom.get(endpoint("/export/content/data/{job}", job=job_id))
        checks += 1
        pause = min(pause * 2, MAX_CHECK_INTERVAL_SECONDS)
    context.log(f"content export {job_id} is {job.get('status')} after {checks} check(s) and "
                f"{clock.now() - started:.0f} s")
    return job


class ExportTimeout(Exception):
    def __init__(self, job_id: str, status: str, waited: float, checks: int) -> None:
        took = f"{waited / 60:.0f} min" if waited >= 120 else f"{waited:.0f} s"
        super().__init__(f"content export {job_id} was still {status} after {took} ({checks} checks)")
        self.job_id, self.status, self.waited, self.checks = job_id, status, waited, checks


async def save_download(context: Any, intercom: IntercomClient, job_id: str) -> dict[str, Any]:
    """Stream the finished export into the host's file store; ``{fileId, filename, length}``."""
    path = endpoint("/download/content/data/{job}", job=job_id)
    async with intercom.stream("GET", path, headers={"Accept": "application/octet-stream"}) as response:
        reader = DownloadReader(response.aiter_bytes(), asyncio.get_running_loop(), where=f"GET {path}")
        saved = await context.save_file_stream(f"content-data-{job_id}.csv", reader)
    context.log(f"content export {job_id}: saved {saved.get('length')} bytes of CSV "
                f"({reader.received} bytes downloaded)")
    return saved


class DownloadReader:
    """A blocking ``read()`` over the async HTTP body, for a host that copies it in a worker thread.

    Each read asks the event loop for the next chunk, so memory holds one chunk and what it
    inflates to (at most ``READ_SIZE`` at a time), whatever the size of the download.
    """

    def __init__(self, chunks: AsyncIterator[bytes], loop: asyncio.AbstractEventLoop, *, where: str) -> None:
        self._chunks = chunks
        self._loop = loop
        self._loop_thread = threading.get_ident()
        self._where = where
        self._pending = b""  # raw bytes not yet inflated
        self._inflate: Any = None
        self._sniffed = False
        self._ended = False
        self.received = 0
        self.produced = 0

    def read(self, size: int = -1) -> bytes:
        if threading.get_ident() == self._loop_thread:
            raise RuntimeError("read the download from a worker thread, not the event loop's")
        want = READ_SIZE if size is None or size < 0 else max(1, min(size, READ_SIZE))
        while True:
            if self._sniffed and self._pending:
                out = self._inflated(want) if self._inflate is not None else self._taken(want)
                if out:
                    return self._counted(out)
                continue  # the inflater took header bytes only: it needs more input
            if self._ended:
                if not self._sniffed and self._pending:  # a body of a single byte
                    self._sniffed = True
                    continue
                if self._inflate is not None and not self._inflate.eof:
                    raise InvalidResponseError(f"the export from {self._where} ended in the middle of its "
                                               "gzip data; run the step again")
                return b""
            chunk = self._next_chunk()
            if chunk is None:
                self._ended = True
                continue
            self._pending += chunk
            if not self._sniffed and len(self._pending) >= len(GZIP_MAGIC):
                self._sniffed = True
                if self._pending.startswith(GZIP_MAGIC):
                    self._inflate = zlib.decompressobj(wbits=31)

    def _taken(self, want: int) -> bytes:
        out, self._pending = self._pending[:want], self._pending[want:]
        return out

    def _counted(self, out: bytes) -> bytes:
        self.produced += len(out)
        if self.produced > MAX_CSV_BYTES:
            raise InvalidResponseError(f"the export from {self._where} is over {MAX_CSV_BYTES >> 30} GiB "
                                       "once decompressed; export a shorter time range")
        return out

    def _inflated(self, want: int) -> bytes:
        if self._inflate.eof:  # a second gzip member follows the first
            self._pending = self._inflate.unused_data + self._pending
            self._inflate = zlib.decompressobj(wbits=31)
        try:
            out = self._inflate.decompress(self._pending, want)
        except zlib.error as exc:
            raise InvalidResponseError(f"the export from {self._where} is not valid gzip ({exc})") from None
        self._pending = self._inflate.unconsumed_tail
        if self._inflate.eof and self._inflate.unused_data:
            self._pending = self._inflate.unused_data + self._pending
            self._inflate = zlib.decompressobj(wbits=31)
        return out

    def _next_chunk(self) -> bytes | None:
        future = asyncio.run_coroutine_threadsafe(anext(self._chunks, None), self._loop)
        try:
            chunk = future.result()
        except httpx.TransportError as exc:
            raise APIConnectionError(f"the download {self._where} broke off after {self.received} bytes "
                                     f"({type(exc).__name__}); run the step again") from None
        if chunk is not None:
            self.received += len(chunk)
        return chunk


def time_range() -> list[Input]:
    """The window of an export: when the exported messages were sent (both ends included)."""
    return [
        date_time("createdAfter", "Sent from", "Export messages sent from this moment on, e.g. "
                  "2024-05-01T00:00:00Z.", required=True, api="body.created_at_after"),
        date_time("createdBefore", "Sent until", "Export messages sent up to this moment, e.g. "
                  "2024-05-31T23:59:59Z. Given before Sent from, the two are taken the other way round.",
                  required=True, api="body.created_at_before"),
    ]


def ordered_range(values: dict[str, Any]) -> dict[str, Any]:
    """The two ends earliest first: a range is the same whichever end was given first."""
    start, end = sorted((values["createdAfter"], values["createdBefore"]))
    return {**values, "createdAfter": start, "createdBefore": end}
