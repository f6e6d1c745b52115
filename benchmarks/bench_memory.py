"""Peak memory of a full listing: ListContacts at 10,000 and 100,000 contacts, per output mode.

Each case runs in a fresh child process (so its peak RSS is its own), against an in-process
Intercom stand-in that makes each page of 150 live-shaped contacts on demand (no store of
100,000 records inflating the figure). ``object`` mode's messages go to a sink that counts
and drops them, as a flow engine hands each on; ``file`` mode's CSV is then opened with
Python's csv module and its rows counted.

Run: python benchmarks/bench_memory.py [--small 10000] [--large 100000] [--modes object,file,array]
Prints one line per case and the large/small ratio per mode, side by side from one run.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from intercom.kit.outputs import ARRAY_CAP


def fake_intercom(total: int) -> httpx.MockTransport:
    def contact(n: int) -> dict:
        return {
            "type": "contact", "id": f"{n:024x}", "workspace_id": "bench", "external_id": f"crm-{n}",
            "role": "user", "email": f"person{n}@example.test", "name": f"Person {n}", "phone": None,
            "created_at": 1_700_000_000 + n, "updated_at": 1_700_000_000 + n, "signed_up_at": None,
            "custom_attributes": {"plan": "pro", "seats": n % 50, "note": "x" * 40},
            "tags": {"type": "list", "data": [], "url": f"/contacts/{n:024x}/tags", "total_count": 0},
            "location": {"type": "location", "country": "Ireland", "city": "Dublin"},
        }

    def answer(request: httpx.Request) -> httpx.Response:
        start = int(request.url.params.get("starting_after") or 0)
        size = int(request.url.params.get("per_page") or 50)
        end = min(total, start + size)
        nxt = {"page": end // size + 1, "starting_after": str(end)} if end < total else None
        return httpx.Response(200, json={"type": "list", "data": [contact(n) for n in range(start, end)],
                                         "total_count": total, "pages": {"type": "pages", "next": nxt}})

    return httpx.MockTransport(answer)


def child(mode: str, total: int, home: str) -> None:
    os.environ["INTERCOM_CONNECTOR_HOME"] = home
    from intercom.client import ClientPool
    from intercom.host import Bundle, Host

    count = 0
    result: dict = {}

    async def sink(message) -> None:
        nonlocal count, result
        count += 1
        if mode != "object":
            result = message.data

    async def main() -> None:
        host = Host(Bundle.load(), connection={"accessToken": "bench"},
                    clients=ClientPool(transport=fake_intercom(total)))
        async with host:
            await host.run("ListContacts", {"outputType": mode, "limit": total}, forward=sink)

    asyncio.run(main())
    rows = None
    if mode == "file":
        path = Host(Bundle.load()).files.path_of(result["fileId"])
        with path.open(newline="", encoding="utf-8") as fh:
            rows = sum(1 for _ in csv.DictReader(fh))
    emitted = count if mode == "object" else result.get("count")
    print(json.dumps({"emitted": emitted, "csv_rows": rows, "own_peak_mb": own_peak_mb()}))


def own_peak_mb() -> float | None:
    """This process's own high-water RSS (VmHWM starts afresh at exec, unlike a child's ru_maxrss,
    which on Linux can carry the forking parent's size)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]), sys.argv[4])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--modes", default="object,file")
    args = parser.parse_args()
    results = []
    for mode in args.modes.split(","):
        small, large = measure_isolated(mode, args.small), measure_isolated(mode, args.large)
        results += [small, large]
        for r in (small, large):
            print(f"{r['mode']:7} {r['records']:>7,} records: peak RSS {r['peak_rss_mb']:7.1f} MB, "
                  f"emitted {r['emitted']}, csv rows {r['csv_rows']}")
        print(f"{mode:7} peak RSS at {args.large:,} / at {args.small:,}: "
              f"{large['peak_rss_mb'] / small['peak_rss_mb']:.2f}x")


def measure_isolated(mode: str, total: int) -> dict:
    """Run one case in a child and read that child's own peak RSS (wait4 gives it per child)."""
    with tempfile.TemporaryDirectory() as home:
        command = [sys.executable, str(Path(__file__).resolve()), "--child", mode, str(total), home]
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"{mode} {total}: the child failed ({proc.returncode})")
        info = json.loads(out.strip().splitlines()[-1])
    own = info.pop("own_peak_mb", None)
    return {"mode": mode, "records": total, "peak_rss_mb": own or usage.ru_maxrss / 1024, **info}


MODES = ("object", "array", "file")


def table(small: int, large: int, reps: int, modes: tuple[str, ...] = MODES) -> Any:
    """The figure for ``python -m benchmarks``: each case in its own child, modes interleaved."""
    from .common import Table, median

    cases = [(mode, total) for total in (small, large) for mode in modes
             if not (mode == "array" and total > ARRAY_CAP)]
    peaks: dict[tuple[str, int], list[float]] = {case: [] for case in cases}
    facts: dict[tuple[str, int], dict] = {}
    # Two children at a time: a peak RSS is each child's own, whatever runs beside it.
    with ThreadPoolExecutor(max_workers=2) as pool:
        for _ in range(reps):
            for (mode, total), found in zip(cases, pool.map(lambda case: measure_isolated(*case), cases),
                                            strict=True):
                peaks[(mode, total)].append(found["peak_rss_mb"])
                facts[(mode, total)] = found
    result = Table(
        f"Peak memory: ListContacts of {small:,} and {large:,} contacts",
        (__doc__ or "").split("\n\n")[1].strip() + f" Peak RSS is the median of {reps} runs.",
        ["mode", "records", "peak RSS", "emitted", "large / small"],
    )
    for mode in MODES:
        for total in (small, large):
            if mode not in modes:
                result.rows.append([mode, f"{total:,}", "-", "not run with --quick", "-"])
                continue
            if (mode, total) not in peaks:
                result.rows.append([mode, f"{total:,}", "-", f"refused: one message holds at most "
                                    f"{ARRAY_CAP:,} records", "-"])
                continue
            peak = median(peaks[(mode, total)])
            found = facts[(mode, total)]
            if mode == "file":
                emitted = f"{found['csv_rows']:,} CSV rows"
            else:
                what = "messages" if mode == "object" else "records in one message"
                emitted = f"{found['emitted']:,} {what}"
            base = peaks.get((mode, small))
            grown = f"{peak / median(base):.2f}x" if total == large and base else ""
            result.rows.append([mode, f"{total:,}", f"{peak:,.1f} MB", emitted, grown])
    return result


if __name__ == "__main__":
    main()
