"""What every model backend does alike, so that a backend is only its decoding.

A backend counts tokens with its tokenizer, cuts a request longer than its model takes into
clause groups (``stats.split``), and reports each request once, as soon as its last piece is
decoded (``progress`` and ``finished`` of the ``Backend`` protocol). ``PieceBackend`` does all of
that; a subclass sets ``tokenizer`` and ``max_input_tokens`` and decodes pieces in
``_translate_pieces``, as transformers' ``LogitsProcessor`` subclasses implement only ``__call__``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from songngu.backends import CHUNK, BackendStats, FinishedCallback, ProgressCallback
from songngu.translation.pieces import Assembler, Piece, split_requests
from songngu.translation.requests import TranslationRequest

Report = Callable[[list[tuple[int, str]]], None]


class PieceBackend:
    name: str
    settings: str
    stats: BackendStats
    tokenizer: Any  # a Hugging Face tokenizer of the model's source side
    max_input_tokens: int  # the longest input the model takes, less its EOS token
    chunk_size = CHUNK

    def close(self) -> None:
        """A model in this process is freed with the backend; nothing to let go of first."""

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False).input_ids)

    def translate(
        self,
        requests: Sequence[TranslationRequest],
        progress: ProgressCallback | None = None,
        finished: FinishedCallback | None = None,
    ) -> list[str]:
        pieces, cut = split_requests(requests, self.count_tokens, self.max_input_tokens)
        self.stats.split += cut
        assembler = Assembler(pieces, len(requests))

        def report(done: list[tuple[int, str]]) -> None:
            if done and finished:
                finished(done)
            if done and progress:
                progress(len(done))

        report(assembler.without_model_work())
        self._translate_pieces(pieces, assembler, report)
        return assembler.texts()

    def _translate_pieces(self, pieces: list[Piece], assembler: Assembler, report: Report) -> None:
        """Decode every piece that is not verbatim and hand each text over as
        ``report(assembler.add(position, text))``, batch by batch as they finish."""
        raise NotImplementedError
