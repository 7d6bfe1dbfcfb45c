"""Re-anchoring: finding a map's quotes again in an edited version of their text.

:func:`reanchor` takes the old text, the new one and the quotes (their words, their
offsets in the old text and the few characters around them) and says, for each,
where it is now and how sure that is:

* ``kept``: the same words where the edit put the old place (the texts are aligned
  word by word, so words inserted before it shift it without moving it);
* ``moved``: the same words, elsewhere (the occurrence nearest the old place, the
  one whose surroundings match the old ``oa:prefix`` and ``oa:suffix`` first);
* ``reworded``: no longer word for word, but a passage of the new text resembles
  the quote (difflib's ratio at least :data:`REWORDED`; the ratio is the confidence);
* ``gone``: nothing resembles it enough.

>>> [r.how for r in reanchor("Cats purr. Dogs bark.", "Oh. Cats purr. Dogs bark loudly.",
...                          [Quote("Cats purr.", 0, 10), Quote("Dogs bark.", 11, 21)])]
['kept', 'reworded']
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass

__all__ = ["REWORDED", "Quote", "Reanchored", "offset_map", "reanchor"]

#: The least similarity at which a changed quote is still found (as ``reworded``).
REWORDED = 0.7
#: Characters of context compared when several occurrences could be the quote.
CONTEXT = 32


@dataclass(frozen=True)
class Quote:
    """A quote as the old map holds it."""

    exact: str
    start: int
    end: int
    prefix: str | None = None
    suffix: str | None = None


@dataclass(frozen=True)
class Reanchored:
    """Where a quote is in the new text (``start``/``end`` None when ``gone``)."""

    quote: Quote
    how: str
    start: int | None
    end: int | None
    found: str | None
    confidence: float


_TOKENS = re.compile(r"\w+|[^\w\s]|\s+")


def offset_map(old: str, new: str) -> list[tuple[int, int, int]]:
    """The stretches the two texts share, word by word: (old start, new start, length)."""
    a = [(m.start(), m.group()) for m in _TOKENS.finditer(old)]
    b = [(m.start(), m.group()) for m in _TOKENS.finditer(new)]
    matcher = difflib.SequenceMatcher(None, [t for _, t in a], [t for _, t in b], autojunk=False)
    shared = []
    for i, j, size in matcher.get_matching_blocks():
        if size:
            start_a, start_b = a[i][0], b[j][0]
            end_a = a[i + size - 1][0] + len(a[i + size - 1][1])
            shared.append((start_a, start_b, end_a - start_a))
    return shared


def _where(shared: list[tuple[int, int, int]], offset: int) -> int:
    """Where ``offset`` of the old text went in the new one (nearest shared stretch)."""
    if not shared:
        return offset
    n = bisect.bisect_right([s[0] for s in shared], offset) - 1
    if n < 0:
        return shared[0][1]
    start_a, start_b, size = shared[n]
    return start_b + min(offset - start_a, size)


def _context(new: str, at: int, quote: Quote) -> int:
    """How many characters of the old prefix and suffix fit around ``at``."""
    score = 0
    if quote.prefix:
        before = new[max(0, at - CONTEXT) : at]
        score += _common_suffix(before, quote.prefix[-CONTEXT:])
    if quote.suffix:
        after = new[at + len(quote.exact) : at + len(quote.exact) + CONTEXT]
        score += _common_prefix(after, quote.suffix[:CONTEXT])
    return score


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


def _occurrences(text: str, quote: str) -> list[int]:
    found, at = [], text.find(quote)
    while at >= 0:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def _fuzzy(new: str, expected: int, exact: str) -> tuple[int, int, float] | None:
    """The passage near ``expected`` (else anywhere) that resembles ``exact`` most."""
    width = max(len(exact), 1)
    regions = [(max(0, expected - 2 * width), expected + 3 * width)]
    if len(new) <= 200_000:
        regions.append((0, len(new)))
    best: tuple[int, int, float] | None = None
    for lo, hi in regions:
        region = new[lo:hi]
        matcher = difflib.SequenceMatcher(None, region, exact, autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size >= 3]
        if not blocks:
            continue
        # The quote's first and last shared words, and what lies between them.
        start = lo + max(0, blocks[0].a - blocks[0].b)
        last = blocks[-1]
        end = lo + min(len(region), last.a + last.size + (len(exact) - last.b - last.size))
        while start > 0 and new[start - 1].isalnum() and start > lo:
            start -= 1
        while end < len(new) and end > 0 and new[end - 1].isalnum() and new[end].isalnum():
            end += 1
        start, end, ratio = _best_extent(new, start, end, exact)
        if best is None or ratio > best[2]:
            best = (start, end, ratio)
        if ratio >= 0.95:
            break
    return best


def _best_extent(new: str, start: int, end: int, exact: str) -> tuple[int, int, float]:
    """The span around ``start``..``end``, from a word's start to a word's end, that
    resembles ``exact`` most (the quote may have grown or shrunk by a few words)."""
    reach = max(8, len(exact) // 3)
    base = max(0, start - reach)
    window = new[base : end + reach]
    # a span starts at a word or a sign, and ends at a word's end or after its sign
    words = [m.span() for m in re.finditer("\\w[\\w'\u2019-]*|[^\\w\\s]", window)]
    tokens = [m.span() for m in re.finditer("\\S+", window)]
    starts = [base + a for a, _ in words if abs(base + a - start) <= reach]
    ends = sorted({base + b for _, b in words + tokens if abs(base + b - end) <= reach})
    best = (start, end, -1.0)
    for a in starts or [start]:
        for b in ends or [end]:
            if b <= a:
                continue
            ratio = difflib.SequenceMatcher(None, new[a:b], exact, autojunk=False).ratio()
            if ratio > best[2] or (ratio == best[2] and b - a > best[1] - best[0]):
                best = (a, b, ratio)
    if best[2] < 0:
        return start, end, 0.0
    return best


def _expected(new: str, quote: Quote) -> int:
    """Where ``quote`` should be in ``new`` when the old text is not known: after its
    ``oa:prefix`` or before its ``oa:suffix`` where only one place has them, else
    at its old offset."""
    for context, after in ((quote.prefix, True), (quote.suffix, False)):
        if not context or not context.strip():
            continue
        context = context[-CONTEXT:] if after else context[:CONTEXT]
        found = _occurrences(new, context)
        if len(found) == 1:
            return found[0] + len(context) if after else max(0, found[0] - len(quote.exact))
    return min(max(0, quote.start), len(new))


def reanchor(old: str | None, new: str, quotes: list[Quote]) -> list[Reanchored]:
    """Each quote of ``old`` found again in ``new`` (see the module's description).

    Without the old text (``None``: a map whose text was edited, and only the edited
    text is at hand), a quote is expected where its ``oa:prefix`` or ``oa:suffix``
    is in the new text, else at its old offsets; ``kept`` then means at those very
    offsets.

    >>> [(r.how, r.start) for r in reanchor(None, "Oh. Cats purr. Dogs bark loudly.",
    ...     [Quote("Cats purr.", 0, 10), Quote("Dogs bark.", 11, 21, prefix="purr. ")])]
    [('moved', 4), ('reworded', 15)]
    """
    shared = offset_map(old, new) if old is not None else None
    results = []
    for quote in quotes:
        expected = _where(shared, quote.start) if shared is not None else _expected(new, quote)
        hits = _occurrences(new, quote.exact) if quote.exact else []
        if hits:
            at = min(hits, key=lambda h: (-_context(new, h, quote), abs(h - expected), h))
            how = "kept" if at == expected else "moved"
            sure = 1.0 if len(hits) == 1 or at == expected else 0.9
            end = at + len(quote.exact)
            results.append(Reanchored(quote, how, at, end, quote.exact, sure))
            continue
        found = _fuzzy(new, expected, quote.exact)
        if found is not None and found[2] >= REWORDED:
            start, end, ratio = found
            results.append(
                Reanchored(quote, "reworded", start, end, new[start:end], round(ratio, 3))
            )
        else:
            ratio = round(found[2], 3) if found is not None else 0.0
            results.append(Reanchored(quote, "gone", None, None, None, ratio))
    return results
