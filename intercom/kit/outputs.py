"""The output modes of list and search components, done once for all of them.

| outputType | emitted                                                                 |
|------------|-------------------------------------------------------------------------|
| array      | one message ``{result: [...], count, truncated}`` (at most ARRAY_CAP)   |
| first      | the first record, plus ``index`` 0, ``count`` and ``truncated``         |
| object     | one message per record, each plus ``index``, ``count`` and ``truncated``|
| file       | a CSV stored by the host: ``{fileId, count, truncated}``                |

Records are spooled to a temporary file as pages arrive and emitted only after the last page,
so a failure on page n sends nothing, and memory holds one page at a time whatever the size
of the listing (``array`` aside, which is one message by definition). ``truncated`` says the
limit stopped the listing while Intercom had more.

``first`` and ``object`` send ``{}`` to the not-found port when nothing matched; ``array`` and
``file`` always answer.
"""

from __future__ import annotations

import csv
import io
import json
import marshal
import tempfile
from collections.abc import Iterator
from typing import IO, Any

OUTPUT_TYPES = ("array", "first", "object", "file")
DEFAULT_LIMIT = 1000
MAX_LIMIT = 100_000
ARRAY_CAP = 10_000
# Spooled pages stay in memory up to this size, then move to disk.
SPOOL_MEMORY = 1 << 20
# Records per batch: Intercom's largest page, so memory holds about one page.
BATCH = 150

Record = dict[str, Any]


class Spool:
    """Records in a temporary file, read back one at a time.

    They go in batches of a page, each written with ``marshal``: records are JSON values (dicts,
    lists, text, numbers), which it writes and reads back in a fraction of a JSON round trip per
    record, so a listing keeps up with a bare loop over the same pages. The file is this
    process's own temporary file, read back by the same Python that wrote it.
    """

    def __init__(self, *, in_memory: bool = False) -> None:
        """``in_memory``: keep the records as they are, for a listing that ends as one message
        (``array``) and so holds them all at the end anyway; writing them out would only cost."""
        # Closed by close() or the with-block: the spool outlives this method.
        self._file: IO[bytes] = tempfile.SpooledTemporaryFile(SPOOL_MEMORY)  # noqa: SIM115
        self._batch: list[Record] = []
        self._in_memory = in_memory
        self.count = 0
        self.truncated = False

    def add(self, record: Record) -> None:
        self._batch.append(record)
        self.count += 1
        if len(self._batch) >= BATCH and not self._in_memory:
            self.flush()

    def flush(self) -> None:
        if self._batch and not self._in_memory:
            data = marshal.dumps(self._batch)
            # Length first: marshal.load on a file reads piece by piece, loads() on bytes does not.
            self._file.write(len(data).to_bytes(8, "little"))
            self._file.write(data)
            self._batch = []

    def __iter__(self) -> Iterator[Record]:
        if self._in_memory:
            yield from self._batch
            return
        self.flush()
        self._file.seek(0)
        while size := self._file.read(8):
            yield from marshal.loads(self._file.read(int.from_bytes(size, "little")))

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def csv_columns(item_schema: dict[str, Any]) -> list[str]:
    return list((item_schema.get("properties") or {}).keys())


def write_csv(records: Iterator[Record], columns: list[str], out: IO[bytes]) -> None:
    """One row per record; nested values as JSON, so the file holds everything."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(columns)
    for record in records:
        writer.writerow([_cell(record.get(column)) for column in columns])
    text.flush()
    text.detach()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


async def send_spooled(
    context: Any,
    spool: Spool,
    output_type: str,
    *,
    file_name: str,
    columns: list[str],
    port: str = "out",
    not_found_port: str | None = "notFound",
) -> None:
    count, truncated = spool.count, spool.truncated
    if output_type == "array":
        await context.send_json({"result": list(spool), "count": count, "truncated": truncated}, port)
        return
    if output_type == "file":
        with tempfile.TemporaryFile() as out:
            write_csv(iter(spool), columns, out)
            out.seek(0)
            saved = await context.save_file_stream(file_name, out)
        await context.send_json({"fileId": saved["fileId"], "count": count, "truncated": truncated}, port)
        return
    if count == 0:
        if not_found_port:
            await context.send_json({}, not_found_port)
        return
    for index, record in enumerate(spool):
        await context.send_json({**record, "index": index, "count": count, "truncated": truncated}, port)
        if output_type == "first":
            return


def output_port_options(output_type: str, item_schema: dict[str, Any], label: str) -> list[dict[str, Any]]:
    """Output variables for the Designer, matching what ``send_spooled`` emits."""
    count = {"label": "Count", "value": "count", "schema": {"type": "integer"}}
    truncated = {"label": "Cut by the limit", "value": "truncated", "schema": {"type": "boolean"}}
    if output_type == "file":
        file_id = {
            "label": "File ID",
            "value": "fileId",
            "schema": {"type": "string", "format": "appmixer-file-id"},
        }
        return [file_id, count, truncated]
    if output_type == "array":
        items = {"type": "object", "properties": item_schema.get("properties", {})}
        return [
            count,
            truncated,
            {"label": label, "value": "result", "schema": {"type": "array", "items": items}},
        ]
    options = [{"label": "Index", "value": "index", "schema": {"type": "integer"}}, count, truncated]
    for key, schema in (item_schema.get("properties") or {}).items():
        options.append({"label": schema.get("title", key), "value": key, "schema": schema})
    return options


def list_port_schema(item_ref: dict[str, Any], label: str) -> dict[str, Any]:
    """The out port's schema across the four modes (the Designer narrows it by outputType)."""
    count = {"type": "integer", "title": "Count"}
    truncated = {"type": "boolean", "title": "Cut by the limit"}
    return {
        "anyOf": [
            {
                "allOf": [
                    item_ref,
                    {
                        "required": ["index", "count", "truncated"],
                        "properties": {
                            "index": {"type": "integer", "title": "Index"},
                            "count": count,
                            "truncated": truncated,
                        },
                    },
                ]
            },
            {
                "type": "object",
                "required": ["result", "count", "truncated"],
                "properties": {
                    "result": {"type": "array", "title": label, "items": item_ref},
                    "count": count,
                    "truncated": truncated,
                },
            },
            {
                "type": "object",
                "required": ["fileId", "count", "truncated"],
                "properties": {
                    "fileId": {"type": "string", "title": "File ID"},
                    "count": count,
                    "truncated": truncated,
                },
            },
        ]
    }
