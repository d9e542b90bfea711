"""MarianMT through CTranslate2: int8 on CPU (float16 on CUDA), with the glossary guarantee kept.

The transformers model is converted once into a cache directory keyed by the
model and the compute type. CTranslate2 has no hook for a logits processor, so
each output is checked, and a term an output lacks is put in where the model's
attention says it translated it (``term_placement.py``; ``stats.placed`` counts
the sentences). No sentence is decoded twice and no second model is loaded.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from songngu.backends import BackendOption, BackendStats
from songngu.backends.base import PieceBackend, Report
from songngu.backends.model_source import check_model_source, load_error_message, resolve_device
from songngu.backends.term_placement import place_terms
from songngu.errors import ModelLoadError
from songngu.translation.pieces import Assembler, Piece

COMPUTE_TYPES = ("auto", "int8", "int8_float32", "float16", "bfloat16", "float32")


def cache_root() -> Path:
    base = os.environ.get("SONGNGU_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"), "songngu"
    )
    return Path(base) / "ct2"


def converted_model(model: str, quantization: str) -> Path:
    """The CTranslate2 copy of ``model`` (converting it the first time), atomically renamed into place."""
    from huggingface_hub import snapshot_download

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
        self.stats = BackendStats()

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
        # The attention (the last layer's, as CTranslate2 keeps it) is where a missing term goes;
        # asking for it cost nothing measurable in bench/speed.py.
        wanted = any(piece.required for piece in model_pieces)
        results = (
            self.translator.translate_batch(tokens, return_attention=wanted, **options) if tokens else []
        )
        render = self.tokenizer.convert_tokens_to_string
        texts = [render(result.hypotheses[0]) for result in results]
        given: set[int] = set()  # the requests that needed a term put in
        for k, (piece, result) in enumerate(zip(model_pieces, results)):
            # The literal term, as the transformers constraint forces it: this is how the guarantee
            # is made, not how a reviewer's English is judged (glossary.hits.term_in).
            missing = [term for term in piece.required if term not in texts[k]]
            if missing:
                given.add(piece.request)
                present = [term for term in piece.required if term not in missing]
                hypothesis, attention = result.hypotheses[0], result.attention[0]
                texts[k] = place_terms(hypothesis, attention, tokens[k], missing, render, present)
        self.stats.placed += len(given)
        # translate_batch returns everything at once: the requests are all finished together.
        report([done for position, text in zip(positions, texts) for done in assembler.add(position, text)])
