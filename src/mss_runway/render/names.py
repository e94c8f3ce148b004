"""Scenario names shortened for a legend, from the middle (pure text functions).

Variants of one scenario share most of their name (``MSS Haiti trust fund, November
2024, ...``) and differ in a few words, near the end or in the middle. Cutting the end off (``MSS
Haiti trust fund, November…``) would make every variant read the same, so
:func:`short_names` drops first the words most other names share (among those, the
ones in the middle first), keeps longest the words no other name has, and writes ``…``
where it cut. Whole words
are dropped; a single word too long for the width is cut in its middle.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

ELLIPSIS: Final = "…"


def shorten_middle(text: str, width: int, commonness: Sequence[int] = ()) -> str:
    """``text`` in at most ``width`` characters, words in the middle replaced by ``…``.

    ``commonness`` gives each word (split at spaces) a number: how many other names share
    it (:func:`commonness`). The most common words are dropped first, and among equally
    common words those in the middle first, so that the first and last words go last. A
    single word too long for the width is cut in its middle.
    """
    if width < 1:
        raise ValueError("width must be at least 1")
    if len(text) <= width:
        return text
    words = text.split(" ")
    shared = list(commonness) + [0] * (len(words) - len(commonness))
    middle = (len(words) - 1) / 2
    order = sorted(range(len(words)), key=lambda i: (-shared[i], abs(i - middle), -i))
    dropped: list[int] = []
    for index in order:
        if len(_render(words, dropped)) <= width:
            break
        if len(dropped) == len(words) - 1:
            # one word left, too long: cut it rather than leave only `…`
            return _cut_chars(_render(words, dropped), width)
        dropped.append(index)
    # Dropping a long word may have made room for shorter ones dropped before it.
    for index in reversed(dropped[:-1]):
        fewer = [i for i in dropped if i != index]
        if len(_render(words, fewer)) <= width:
            dropped = fewer
    return _render(words, dropped)


def _render(words: list[str], dropped: list[int]) -> str:
    out: list[str] = []
    for i, word in enumerate(words):
        if i not in dropped:
            out.append(word)
        elif not out or out[-1] != ELLIPSIS:
            out.append(ELLIPSIS)
    return " ".join(out)


def _cut_chars(text: str, width: int) -> str:
    head = width // 2  # of the width - 1 characters kept, the start gets the odd one
    return text[:head] + ELLIPSIS + text[len(text) - (width - 1 - head) :]


def commonness(name: str, names: Sequence[str]) -> list[int]:
    """For each word of ``name`` (split at spaces), how many of the other ``names`` have
    it too: 0 for a word that tells this name apart, ``len(names) - 1`` for a shared one."""
    others = list(names)
    if name in others:
        others.remove(name)
    sets = [set(other.split(" ")) for other in others]
    return [sum(word in each for each in sets) for word in name.split(" ")]


def short_names(names: Sequence[str], width: int) -> list[str]:
    """Each name in at most ``width`` characters, the words in which it differs from the
    other names kept visible where they fit (see the module doc)."""
    return [shorten_middle(name, width, commonness(name, names)) for name in names]
