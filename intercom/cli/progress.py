"""Progress on stderr while a command waits: records fetched, rate-limit waits, retries.

Shown only when stderr is a terminal (never in a pipe or a log file), not with ``--quiet`` or
``-v`` (the log lines say it then), and only once the job has taken about a second, so quick
commands print nothing. stdout is never touched: it carries the JSON lines.
"""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType
from typing import Any

from ..client import RetryWait

SHOW_AFTER = 1.0  # seconds of silence before progress appears


def _bar(label: str, console: Any) -> tuple[Any, Any]:
    """The rich progress line and its task. rich is imported here, when a terminal will show it:
    a piped or ``--quiet`` command never pays for it."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, ProgressColumn, SpinnerColumn, Task, TextColumn
    from rich.text import Text

    class WaitColumn(ProgressColumn):
        """The pause under way, counting down: "Intercom's rate limit (429): 6 s left"."""

        def render(self, task: Task) -> Text:
            until, reason = task.fields.get("until"), task.fields.get("reason")
            if not until or not reason:
                return Text("")
            left = until - time.monotonic()
            if left <= 0:
                return Text("")
            return Text(f"{reason}: {left:.0f} s left", style="yellow")

    class CountColumn(ProgressColumn):
        def render(self, task: Task) -> Text:
            what = task.fields.get("what") or "records"
            if not task.completed and task.total is None:
                return Text("")
            total = f" of {int(task.total):,}" if task.total else ""
            return Text(f"{int(task.completed):,}{total} {what}")

    # No redirection: stdout carries the command's output and must not pass through rich.
    progress = Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(bar_width=24),
        CountColumn(), WaitColumn(), console=console or Console(stderr=True), transient=True,
        redirect_stdout=False, redirect_stderr=False,
    )
    return progress, progress.add_task(label, total=None, what="")


class CommandProgress:
    """``with CommandProgress("ListContacts", enabled=...) as p:`` then ``p.records`` and ``p.wait``.

    ``records(done, total=None, what=...)`` is the Context's ``progress`` callback; ``wait`` is
    the client's pause observer (see ``intercom.client.report_waits``).
    """

    def __init__(self, label: str, *, enabled: bool, show_after: float = SHOW_AFTER,
                 console: Any = None) -> None:
        """``console``: a ``rich.console.Console`` (default: one on stderr)."""
        self.enabled = enabled
        self.show_after = show_after
        self._lock = threading.Lock()
        self._shown = False
        self._timer: threading.Timer | None = None
        self._progress: Any = None
        self._task: Any = None
        if enabled:
            self._progress, self._task = _bar(label, console)

    @classmethod
    def for_terminal(cls, label: str, *, quiet: bool, verbose: bool = False) -> CommandProgress:
        return cls(label, enabled=not quiet and not verbose and _is_terminal(sys.stderr))

    def __enter__(self) -> CommandProgress:
        if self.enabled:
            self._timer = threading.Timer(self.show_after, self._show)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            if self._progress is not None and self._shown:
                self._progress.stop()
            self._shown = False
            self.enabled = False

    def _show(self) -> None:
        with self._lock:
            if self.enabled and not self._shown and self._progress is not None:
                self._progress.start()
                self._shown = True

    def refresh(self) -> None:
        """Draw the line now (it also redraws itself ten times a second once shown)."""
        self._show()
        if self._progress is not None and self._shown:
            self._progress.refresh()

    # -- what the job reports ---------------------------------------------------------------

    def records(self, done: int, total: int | None = None, what: str = "records", **_: Any) -> None:
        """So far ``done`` of ``total`` (None: unknown) ``what``; ends any pause shown."""
        if not self.enabled or self._progress is None or self._task is None:
            return
        self._progress.update(self._task, completed=done, total=total, what=what, until=None, reason=None)

    def wait(self, pause: RetryWait) -> None:
        """A retry or rate-limit pause: shown at once, counting down, with its reason."""
        if not self.enabled or self._progress is None or self._task is None:
            return
        reason = pause.reason if pause.attempt is None else \
            f"{pause.reason}; retry {pause.attempt} of {pause.max_retries}"
        self._progress.update(self._task, until=time.monotonic() + pause.seconds, reason=reason)
        if pause.seconds >= 0.5:
            self._show()


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
