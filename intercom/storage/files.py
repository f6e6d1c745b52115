"""Files that components hand to the host (``context.save_file_stream``), kept under its home.

Each file gets an id (a UUID) and a folder of its own, so two components saving ``contacts.csv``
never overwrite each other; the id is what the component's message carries (``fileId``).
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from pathlib import Path
from typing import IO, Any

CHUNK = 1 << 16
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


class FileStore:
    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def save_stream(self, name: str, stream: IO[bytes] | IO[str]) -> dict[str, Any]:
        """Copy ``stream`` to a new file, chunk by chunk; returns ``{fileId, filename, length}``."""
        file_id = str(uuid.uuid4())
        folder = self.root / file_id
        folder.mkdir(parents=True, mode=0o700)
        filename = _UNSAFE.sub("_", Path(name).name).strip(" .") or "file"
        target = folder / filename
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(CHUNK):
                out.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
        return {"fileId": file_id, "filename": filename, "length": target.stat().st_size}

    def path_of(self, file_id: str) -> Path:
        """Where a saved file is; LookupError for an id this store never gave."""
        try:
            folder = self.root / str(uuid.UUID(file_id))
        except ValueError:
            raise LookupError(f"{file_id!r} is not a file id") from None
        files = sorted(folder.iterdir()) if folder.is_dir() else []
        if not files:
            raise LookupError(f"no file with id {file_id}")
        return files[0]

    def remove(self, file_id: str) -> None:
        shutil.rmtree(self.path_of(file_id).parent, ignore_errors=True)
