"""A stand-in for real MT, made from a hand translation with noise: a simulation, labelled as such.

The tiny random model the tests build translates nonsense, and a real user has opus-mt-vi-en, whose
output sits near a reference but not on it. This garbles each sentence's hand translation the ways
MT differs from a translator: words left out, words replaced by other words of the same documents,
short stretches reordered. ``NOISE`` is set so that the output scores chrF about 50 against the
hand translations (``make bench-align`` prints the figure), a common figure for opus-mt-vi-en on
news; it was set on that figure alone, never on alignment results.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

NOISE = 0.7  # each word is left out with chance NOISE/3 and replaced with NOISE/3; NOISE/6 of them move


def simulated_mt(english: str, vocabulary: Sequence[str], noise: float = NOISE) -> str:
    """``english`` garbled; the same text always gives the same output (the sentence seeds the noise)."""
    rng = random.Random(english)
    words = english.split()
    out: list[str] = []
    for word in words:
        roll = rng.random()
        if roll < noise / 3:
            continue  # left out
        if roll < 2 * noise / 3 and vocabulary:
            out.append(rng.choice(vocabulary))  # another word
        else:
            out.append(word)
    # Stretches of two to four words moved a few places, as MT reorders modifiers and clauses.
    for _ in range(round(len(out) * noise / 6)):
        if len(out) < 6:
            break
        start = rng.randrange(len(out) - 4)
        stretch = out[start : start + rng.randint(2, 4)]
        del out[start : start + len(stretch)]
        at = min(len(out), max(0, start + rng.randint(-4, 4)))
        out[at:at] = stretch
    return " ".join(out)
