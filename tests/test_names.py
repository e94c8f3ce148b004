"""Legend names shortened from the middle: the words that tell variants apart stay."""

from __future__ import annotations

import pytest

from mss_runway.render.names import commonness, short_names, shorten_middle

BASE = "MSS Haiti trust fund, as reported November 2024"
FREEZE = "MSS Haiti trust fund, November 2024, with the US freeze of February 2025"
ON_TIME = "MSS Haiti trust fund, all end-2024 pledges paid on time"


def test_a_name_that_fits_is_left_alone() -> None:
    assert shorten_middle("Minimal example", 15) == "Minimal example"
    assert short_names(["a b", "a c"], 3) == ["a b", "a c"]


def test_without_commonness_the_middle_words_go_first() -> None:
    """41 characters, 9 words: the middle word ("e") goes first, then outwards (the later
    of two equally far first); then a word dropped early comes back if it fits again."""
    text = "one two three four e six seven eight nine"
    assert shorten_middle(text, 41) == text
    assert shorten_middle(text, 40) == "one two three four e … seven eight nine"
    assert shorten_middle(text, 33) == "one two three … seven eight nine"
    assert shorten_middle(text, 20) == "one two … eight nine"
    assert shorten_middle(text, 8) == "one …"


def test_the_end_stays_when_names_differ_at_the_end() -> None:
    """Names that share their start: cutting the end would make them all read alike."""
    names = [
        f"MSS Haiti trust fund, November 2024, Germany's pledge {n} months late" for n in (1, 3, 6)
    ]
    assert short_names(names, 30) == [
        "MSS Haiti … 1 months late",
        "MSS Haiti … 3 months late",
        "MSS Haiti … 6 months late",
    ]


def test_the_words_only_one_name_has_are_kept_longest() -> None:
    """The US freeze variant keeps "US freeze", which no other name has, whole."""
    shortened = short_names([BASE, FREEZE, ON_TIME], 44)
    assert shortened == [
        "MSS Haiti trust … as reported November 2024",
        "… 2024, with the US freeze of February 2025",
        "MSS … all end-2024 pledges paid on time",
    ]
    assert all(len(name) <= 44 for name in shortened)


def test_the_middle_of_a_name_can_be_what_differs() -> None:
    names = [f"Haiti, {donor} 3 months late, costs +10%" for donor in ("Germany", "Canada")]
    assert short_names(names, 24) == ["Haiti, Germany 3 … +10%", "Haiti, Canada 3 … +10%"]


def test_commonness_counts_the_other_names_with_the_word() -> None:
    assert commonness("a b c", ["a b c", "a x c", "a y z"]) == [2, 0, 1]
    assert commonness("solo name", ["solo name"]) == [0, 0]


def test_one_long_word_is_cut_in_its_middle() -> None:
    assert shorten_middle("abcdefghij", 5) == "ab…ij"
    assert shorten_middle("abcdefghij", 4) == "ab…j"
    assert shorten_middle("abcdefghij", 1) == "…"
    assert shorten_middle("ab cdefghijklmnop qr", 8) == "ab … qr"


@pytest.mark.parametrize("width", [1, 2, 5, 10, 20, 30, 44, 60])
def test_never_longer_than_the_width(width: int) -> None:
    for name in short_names([BASE, FREEZE, ON_TIME, "x" * 80, "a " * 40], width):
        assert len(name) <= width


def test_a_width_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        shorten_middle("abc", 0)
