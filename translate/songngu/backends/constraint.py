"""The target side of lexically constrained decoding: every required term appears in the output.

``RequiredTermsLogitsProcessor`` keeps every beam on course to emit every
required token sequence before end-of-sentence. It forces the rest of a term
once the term has begun, forbids end-of-sentence while a term is missing, and
forces the missing terms when the length budget runs out. The guarantee
therefore holds for any model, a random one included.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from transformers import LogitsProcessor


@dataclass(frozen=True)
class _BeamState:
    done: frozenset[int]  # indices of the required sequences already emitted
    tail: tuple[int, ...]  # the last tokens, enough to recognise any required sequence


class RequiredTermsLogitsProcessor(LogitsProcessor):
    """Every hypothesis emits each of its item's required token sequences before EOS.

    ``required[b]`` lists the token-id sequences batch item ``b`` must contain.
    Rows of ``input_ids`` are ``b * num_beams + k``. ``max_length`` is the total
    decoder length generation may reach (start token included); one slot is kept
    for EOS. A beam's state is derived from its parent's (the same ids minus the
    last token), so each step costs the length of the terms, not of the output.
    """

    def __init__(
        self, required: Sequence[Sequence[Sequence[int]]], eos_token_id: int, max_length: int, num_beams: int
    ):
        self.required = [[tuple(seq) for seq in item if seq] for item in required]
        self.eos_token_id = eos_token_id
        self.max_length = max_length
        self.num_beams = num_beams
        self._states: dict[tuple[int, ...], _BeamState] = {}

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        rows = input_ids.tolist()
        cur_len = input_ids.shape[-1]
        states: dict[tuple[int, ...], _BeamState] = {}
        open_rows: list[int] = []  # rows that may not end yet
        forced_rows: list[int] = []
        forced_tokens: list[int] = []
        for row, ids in enumerate(rows):
            item = row // self.num_beams
            seqs = self.required[item]
            if not seqs:
                continue
            # Keyed by batch item too: two items may share a prefix but not their terms.
            key = (item, *ids)
            state = states.get(key) or self._advance(key, seqs)
            states[key] = state
            if len(state.done) < len(seqs):
                open_rows.append(row)
            forced = self._forced_token(state, seqs, cur_len)
            if forced is not None:
                forced_rows.append(row)
                forced_tokens.append(forced)
        self._states = states
        # One batched update per step: per-row tensor writes cost more than the decoding itself.
        if open_rows:
            scores[open_rows, self.eos_token_id] = -float("inf")
        if forced_rows:
            keep = scores[forced_rows, forced_tokens]
            keep = torch.where(torch.isfinite(keep), keep, torch.zeros_like(keep))
            scores[forced_rows] = -float("inf")
            scores[forced_rows, forced_tokens] = keep
        return scores

    def _advance(self, key: tuple[int, ...], seqs: list[tuple[int, ...]]) -> _BeamState:
        parent = self._states.get(key[:-1])
        if parent is None:  # first step, or a state we have not seen: rebuild from scratch
            state = _BeamState(frozenset(), ())
            for token in key[2:]:  # skip the batch item and the decoder start token
                state = _step(state, token, seqs)
            return state
        return _step(parent, key[-1], seqs)

    def _forced_token(self, state: _BeamState, seqs: list[tuple[int, ...]], cur_len: int) -> int | None:
        missing = [k for k in range(len(seqs)) if k not in state.done]
        if not missing:
            return None
        progress = {k: _prefix_progress(state.tail, seqs[k]) for k in missing}
        started = max(missing, key=lambda k: progress[k])
        if progress[started] > 0:
            return seqs[started][progress[started]]
        tokens_needed = sum(len(seqs[k]) for k in missing)
        steps_after_this = self.max_length - cur_len - 1
        if tokens_needed > steps_after_this - 1:  # keep a slot for EOS
            return seqs[missing[0]][0]
        return None


def _step(state: _BeamState, token: int, seqs: list[tuple[int, ...]]) -> _BeamState:
    longest = max(len(seq) for seq in seqs)
    tail = (*state.tail, token)[-longest:]
    done = set(state.done)
    for k, seq in enumerate(seqs):
        if k not in done and tail[-len(seq) :] == seq:
            done.add(k)
    return _BeamState(frozenset(done), tail)


def _prefix_progress(tail: tuple[int, ...], seq: tuple[int, ...]) -> int:
    """Length of the longest proper prefix of ``seq`` that ``tail`` ends with (0 if none)."""
    for length in range(min(len(seq) - 1, len(tail)), 0, -1):
        if tail[-length:] == seq[:length]:
            return length
    return 0
