"""MarianMT through CTranslate2: int8 on CPU (float16 on CUDA), with the glossary guarantee kept.

The transformers model is converted once into a cache directory keyed by the
model and the compute type. CTranslate2 has no hook for a logits processor, so
each output is checked: a sentence that lacks a required term is re-decoded
on the constrained transformers path (``stats.redecoded`` counts them).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from songngu.backends import Backend, BackendOption, BackendStats, load_backend
from songngu.backends.base import PieceBackend, Report
from songngu.backends.marian import load_error_message, resolve_device
from songngu.errors import ModelLoadError
from songngu.translation.pieces import Assembler, Piece
from songngu.translation.requests import TranslationRequest

COMPUTE_TYPES = ("auto", "int8", "int8_float32", "float16", "bfloat16", "float32")


def cache_root() -> Path:
    base = os.environ.get("SONGNGU_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"), "songngu"
    )
    return Path(base) / "ct2"


def converted_model(model: str, quantization: str) -> Path:
    """The CTranslate2 copy of ``model`` (converting it the first time), atomically renamed into place."""
    from huggingface_hub import snapshot_download

    from songngu.backends.marian import check_model_source

    check_model_source(model)
    source = Path(model) if Path(model).exists() else None
    if source is None:
        try:
            source = Path(snapshot_download(model))
        except Exception as error:
            raise ModelLoadError(load_error_message(model, error)) from None
    stamp = "|".join(
        f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sorted(source.iterdir()) if p.is_file()
    )
    key = hashlib.sha256(f"{source.resolve()}|{stamp}|{quantization}".encode()).hexdigest()[:16]
    target = cache_root() / f"{source.name}-{quantization}-{key}"
    if (target / "model.bin").exists():
        return target
    from ctranslate2.converters import TransformersConverter

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(target.name + f".tmp{os.getpid()}")
    try:
        TransformersConverter(str(source)).convert(str(staging), quantization=quantization, force=True)
        os.replace(staging, target)
    except (OSError, ValueError, RuntimeError) as error:
        raise ModelLoadError(
            f"cannot convert {model} for CTranslate2: {error}; use the transformers backend"
        ) from None
    return target


@dataclass
class CTranslate2Stats(BackendStats):
    redecoded: int = 0  # sentences lacking a required term, decoded again on the constrained path


class CTranslate2Backend(PieceBackend):
    """Sorted, token-budgeted batches through ``Translator.translate_batch``; terms checked afterwards."""

    OPTIONS = (
        BackendOption(
            "compute_type",
            COMPUTE_TYPES,
            "auto",
            "ctranslate2 backend weights (default: auto, int8 on CPU and float16 on CUDA)",
        ),
    )

    def __init__(
        self,
        model: str,
        *,
        device: str = "auto",
        beams: int = 4,
        max_batch_tokens: int = 4096,
        threads: int | None = None,
        fixed_length: int | None = None,
        compute_type: str = "auto",
    ) -> None:
        try:
            import ctranslate2
        except ImportError:
            raise ModelLoadError(
                "the ctranslate2 backend needs the ctranslate2 package: pip install 'songngu[ct2]'"
            ) from None
        from transformers import AutoConfig, MarianTokenizer

        self.device = resolve_device(device)
        if compute_type == "auto":
            compute_type = "float16" if self.device == "cuda" else "int8"
        self.name = model if compute_type in ("int8", "float16") else f"{model} (ct2 {compute_type})"
        self.settings = f"ctranslate2, {compute_type}, {beams} beams"
        self.beams = beams
        self.max_batch_tokens = max_batch_tokens
        self.fixed_length = fixed_length  # benchmarks only: decode exactly this many tokens
        path = converted_model(model, compute_type)
        self.tokenizer = MarianTokenizer.from_pretrained(model)
        positions = AutoConfig.from_pretrained(model).max_position_embeddings
        self.max_input_tokens = min(self.tokenizer.model_max_length, positions) - 1
        # Without a cap CTranslate2 decodes up to 256 tokens, past the positions a small model has.
        self.max_output_tokens = min(256, positions - 1)
        self.translator = ctranslate2.Translator(
            str(path),
            device=self.device,
            compute_type=compute_type,
            inter_threads=1,
            intra_threads=threads or os.cpu_count() or 1,
        )
        self.stats = CTranslate2Stats()
        self._fallback: Backend | None = None
        self._model = model
        self._device = device

    def _translate_pieces(self, pieces: list[Piece], assembler: Assembler, report: Report) -> None:
        positions = [i for i, piece in enumerate(pieces) if not piece.verbatim]
        model_pieces = [pieces[i] for i in positions]
        tokens = [
            self.tokenizer.convert_ids_to_tokens(self.tokenizer(piece.model_input).input_ids)
            for piece in model_pieces
        ]
        options = {
            "beam_size": self.beams,
            "max_batch_size": self.max_batch_tokens,
            "batch_type": "tokens",
            "max_decoding_length": self.max_output_tokens,
        }
        if self.fixed_length:
            options.update(max_decoding_length=self.fixed_length, min_decoding_length=self.fixed_length)
        results = self.translator.translate_batch(tokens, **options) if tokens else []
        texts = [self.tokenizer.convert_tokens_to_string(result.hypotheses[0]) for result in results]
        missing = [
            k for k, (piece, text) in enumerate(zip(model_pieces, texts)) if not has_terms(text, piece)
        ]
        if missing:
            self.stats.redecoded += len({model_pieces[k].request for k in missing})
            again = [
                TranslationRequest(model_pieces[k].model_input, model_pieces[k].required) for k in missing
            ]
            for k, text in zip(missing, self._constrained().translate(again)):
                texts[k] = text
        # translate_batch returns everything at once: the requests are all finished together.
        report([done for position, text in zip(positions, texts) for done in assembler.add(position, text)])

    def _constrained(self) -> Backend:
        """The constrained path, through the backend contract: any backend that guarantees terms will do."""
        if self._fallback is None:
            # Both models are in memory now: half-size batches keep the peak of the stand-in
            # under 1.5 GB (1566 -> 1437 MB in bench/speed.py, config f) at no cost in speed there.
            self._fallback = load_backend(
                "transformers",
                self._model,
                device=self._device,
                beams=self.beams,
                fixed_length=self.fixed_length,
                max_batch_size=16,
            )
        return self._fallback


def has_terms(text: str, piece: Piece) -> bool:
    """Whether the model's text holds the piece's required terms as the constraint writes them."""
    return all(term in text for term in piece.required)
