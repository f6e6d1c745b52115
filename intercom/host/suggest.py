"""Suggestions ("did you mean ..."): the closest of the known names to one a person typed.

Names are compared without case, underscores or dashes, so ``listcontacts``, ``list_contacts``
and ``signed_up_at`` find ``ListContacts`` and ``signedUpAt``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def _key(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch not in "_- ")


def closest(word: str, candidates: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Up to ``n`` candidates nearest to ``word``, best first; an exact match up to case alone."""
    by_key: dict[str, str] = {}
    for candidate in candidates:
        by_key.setdefault(_key(candidate), candidate)
    key = _key(word)
    if key in by_key:
        return [by_key[key]]
    matches = difflib.get_close_matches(key, list(by_key), n=n, cutoff=cutoff)
    return [by_key[m] for m in matches]


def did_you_mean(word: str, candidates: Iterable[str], *, quote: bool = True) -> str:
    """``"; did you mean 'x'?"`` (or ``'x' or 'y'``), or ``""`` when nothing is close."""
    found = closest(word, candidates)
    if not found:
        return ""
    shown = [repr(f) if quote else f for f in found]
    return f"; did you mean {' or '.join(shown)}?"
