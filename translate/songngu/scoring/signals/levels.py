"""What a translation pair of one document typically scores by a signal: the median, over its source
sentences, of the best any English sentence near the sentence's place scores. Signals are judged
against their document rather than a fixed scale (vecalign's normalisation): chrF to noise MT, and a
word table that knows few of a document's words, score low on every pair, true ones too."""

from __future__ import annotations

import random
from collections.abc import Callable

# Sentences a long document's figures are found over: partners of one sentence, and the source
# sentences the typical pair is the median of (every sentence of a short document).
PARTNERS = 64


def sample(n: int, seed: int) -> list[int]:
    """Up to PARTNERS of ``range(n)``, the same on every run."""
    return list(range(n)) if n <= PARTNERS else random.Random(seed).sample(range(n), PARTNERS)


def typical_best(n_src: int, n_ref: int, score: Callable[[int, int], float | None]) -> float | None:
    """The median over (up to PARTNERS) source sentences of the best ``score(i, j)`` of any English
    sentence within PARTNERS of where the order puts sentence ``i``; pairs scored None are not
    counted (None if no sentence has any)."""
    best = []
    for i in sample(n_src, n_src):
        centre = i * n_ref // n_src
        start = max(0, min(centre - PARTNERS // 2, n_ref - PARTNERS))
        scores = [s for j in range(start, min(n_ref, start + PARTNERS)) if (s := score(i, j)) is not None]
        if scores:
            best.append(max(scores))
    best.sort()
    return best[len(best) // 2] if best else None
