"""python -m benchmarks [--quick] [--out docs/benchmarks.md]: every figure, one run, one document.

The figures that read the seeded workspace share one sandbox process and run first, the one
that creates records (single actions) after them; rate limits, webhook intake, memory and the
sandbox's own page cost set up their own.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from . import (
    bench_actions,
    bench_cold_start,
    bench_intake,
    bench_listing,
    bench_memory,
    bench_rate_limits,
    bench_requests,
    bench_sandbox,
    machine,
    report,
    sdk,
)
from .common import ROOT, Options, Sandbox, Table

SHARED = ("requests", "listing", "cold_start", "actions")  # in this order, on the seeded sandbox
OWN: dict[str, Callable[[Options], Table]] = {
    "memory": lambda o: bench_memory.table(o.records, o.memory_records, 1 if o.quick else min(o.reps, 3),
                                           modes=("object", "file") if o.quick else bench_memory.MODES),
    "rate_limits": bench_rate_limits.run,
    "intake": bench_intake.run,
    "sandbox": bench_sandbox.run,
}
ON_SANDBOX: dict[str, Callable[[Options, str], Table]] = {
    "requests": bench_requests.run,
    "listing": bench_listing.run,
    "cold_start": bench_cold_start.run,
    "actions": bench_actions.run,
}
# The document's order: the list.
ORDER = ("requests", "listing", "actions", "memory", "rate_limits", "intake", "cold_start", "sandbox")
TITLES = {"requests": "Requests per full listing", "listing": "Listing throughput",
          "actions": "Single actions", "memory": "Peak memory", "rate_limits": "Rate limits",
          "intake": "Webhook intake", "cold_start": "Cold start", "sandbox": "The sandbox: time per page"}


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="small sizes, one repetition: proves every figure runs (CI), measures little")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--records", type=int, help="seeded records [10,000; --quick 150]")
    parser.add_argument("--memory-records", type=int, help="the memory figure's large size [100,000; 1,500]")
    parser.add_argument("--reps", type=int, help="repetitions [5; --quick 1]")
    parser.add_argument("--only", help=f"comma-separated figures of: {', '.join(ORDER)}")
    parser.add_argument("--sdk", action=argparse.BooleanOptionalAction, default=None,
                        help="compare with python-intercom (default: yes, except with --quick)")
    parser.add_argument("--sdk-venv", type=Path, default=sdk.DEFAULT_VENV,
                        help=f"the SDK's own venv, made once if missing [{sdk.DEFAULT_VENV}]")
    return parser.parse_args(argv)


def _timed(name: str, figure: Callable[[], Table]) -> Table:
    print(f"{name} ...", flush=True)
    started = time.perf_counter()
    try:
        table = figure()
    except Exception as exc:  # one figure failing still leaves the others' tables in the document
        traceback.print_exc()
        table = Table(f"{TITLES[name]}: FAILED", f"This figure failed in this run: `{type(exc).__name__}: "
                      f"{str(exc)[:300]}`", ["-"], targets=[(TITLES[name], "-", "failed in this run", False)])
    print(f"{name}: {time.perf_counter() - started:.1f} s", flush=True)
    return table


def main(argv: list[str]) -> None:
    args = parse(argv)
    wanted = args.only.split(",") if args.only else list(ORDER)
    unknown = sorted(set(wanted) - set(ORDER))
    if unknown:
        sys.exit(f"error: no figure named {', '.join(unknown)}; choose from {', '.join(ORDER)}")
    use_sdk = (not args.quick) if args.sdk is None else args.sdk
    skipped = "--no-sdk" if args.sdk is False else "--quick; pass --sdk to include it"
    sdk_python, sdk_note = sdk.prepare(args.sdk_venv, install=True) if use_sdk else (None, skipped)
    if sdk_python is not None:
        sdk_note = f"python-intercom {sdk_note}"
    started = time.perf_counter()
    about = machine.describe()
    tables: dict[str, Table] = {}
    with tempfile.TemporaryDirectory(prefix="bench-") as work:
        opts = Options(
            records=args.records or (150 if args.quick else 10_000),
            memory_records=args.memory_records or (1_500 if args.quick else 100_000),
            reps=args.reps or (1 if args.quick else 5),
            quick=args.quick, sdk_python=sdk_python, sdk_note=sdk_note, work=Path(work),
        )
        on_sandbox = [name for name in SHARED if name in wanted]
        if on_sandbox:
            print(f"seeding a sandbox with {opts.records:,} records ...", flush=True)
            with Sandbox(opts.records) as sandbox:
                for name in on_sandbox:
                    tables[name] = _timed(name, lambda name=name: ON_SANDBOX[name](opts, sandbox.base_url))
        for name in (n for n in ORDER if n in wanted and n in OWN):
            tables[name] = _timed(name, lambda name=name: OWN[name](opts))
    command = "python -m benchmarks" + "".join(f" {shlex.quote(a)}" for a in argv)
    text = report.render(command, about, [tables[n] for n in ORDER if n in tables],
                         took=time.perf_counter() - started, load_after=machine.load_now())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
