"""MarianMT through Hugging Face transformers, with the glossary constraint in the decoding loop."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from songngu.backends import BackendOption, BackendStats
from songngu.backends.base import PieceBackend, Report
from songngu.backends.beams import ATTENTION, beam_search_cache, register_attention
from songngu.backends.heap import keep_large_blocks
from songngu.backends.model_source import check_model_source, holds_files, load_error_message, resolve_device
from songngu.defaults import DEFAULT_MODEL
from songngu.errors import ModelLoadError, SongnguError
from songngu.translation.pieces import Assembler, Piece
from songngu.translation.requests import tidy_spacing

if TYPE_CHECKING:
    import torch
    from transformers import LogitsProcessor


DTYPES = ("auto", "float32", "bfloat16")


def resolve_dtype(dtype: str, device: str) -> str:
    """``auto``: bfloat16 only where it is faster than float32 (a GPU, or a CPU with AMX), else float32.

    A CPU with AVX-512 BF16 but no AMX was measured slower in bfloat16 than in float32
    (bench/speed.py: 4.93 against 6.56 sentences/s), so AVX-512 BF16 alone does not count.
    """
    if dtype != "auto":
        return dtype
    if device == "cuda":
        import torch

        return "bfloat16" if torch.cuda.is_bf16_supported() else "float32"
    return "bfloat16" if "amx_bf16" in cpu_flags() else "float32"


def cpu_flags() -> set[str]:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            return next(
                (set(line.split(":", 1)[1].split()) for line in handle if line.startswith("flags")), set()
            )
    except OSError:
        return set()


def load_marian(model: str, downloading: bool = False):  # -> tuple[MarianTokenizer, MarianMTModel]
    """Tokenizer and model from a hub id or a local directory, or a ModelLoadError saying what to do."""
    check_model_source(model, downloading)
    from transformers import AutoConfig, MarianMTModel, MarianTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()  # our own bar is over sentences; weight loading is quick
    try:
        config = AutoConfig.from_pretrained(model)
        if config.model_type != "marian":
            raise ModelLoadError(
                f"{model} is a '{config.model_type}' model, not a MarianMT model; "
                f"pass a MarianMT model such as {DEFAULT_MODEL}"
            )
        tokenizer = MarianTokenizer.from_pretrained(model)
        marian = MarianMTModel.from_pretrained(model, config=config)
    except ModelLoadError:
        raise
    # Any failure to read the files (safetensors raises its own SafetensorError on a truncated file)
    # is the same problem to the user: these files are not a loadable model.
    except Exception as error:
        raise ModelLoadError(load_error_message(model, error, downloading)) from None
    return tokenizer, marian


def no_end_before(length: int, eos_token_id: int) -> LogitsProcessor:
    """Forbid EOS until the decoder holds ``length`` tokens (its start token included): benchmarks only.

    One column write a step; transformers' min_new_tokens adds two processors that each
    copy the whole beams x vocabulary score matrix every step, a tenth of the decoding
    time on the stand-in, which real runs (no minimum length) never pay.
    """
    from transformers import LogitsProcessor

    class NoEndBefore(LogitsProcessor):
        def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
            if input_ids.shape[-1] < length:
                scores[:, eos_token_id] = -float("inf")
            return scores

    return NoEndBefore()


@dataclass(frozen=True)
class _Sized:
    """A piece with what batching needs to know of it."""

    piece: Piece
    length: int  # source tokens
    budget: int  # most target tokens it may take: a batch decodes until its largest budget


class MarianBackend(PieceBackend):
    """MarianMTModel + MarianTokenizer; sorted, token-budgeted batches; constrained beam search."""

    OPTIONS = (
        BackendOption(
            "dtype",
            DTYPES,
            "float32",
            "transformers backend weights (default: float32); bfloat16 is faster on GPUs and on CPUs "
            "with AMX, slower on CPUs without it; auto picks bfloat16 only there",
        ),
    )

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        *,
        device: str = "auto",
        beams: int = 4,
        # Padded source tokens: the encoder and the cross-attention cache grow with them.
        max_batch_tokens: int = 4096,
        # Each sentence brings `beams` rows of beams x vocabulary scores every step; past 32
        # sentences they cost memory (and page faults) without adding speed (bench/speed.py).
        max_batch_size: int = 32,
        threads: int | None = None,
        fixed_length: int | None = None,
        dtype: str = "float32",
    ) -> None:
        import torch

        if dtype not in DTYPES:
            raise SongnguError(f"weights of type {dtype!r}: use one of {', '.join(DTYPES)}")
        torch.set_num_threads(threads or os.cpu_count() or 1)
        self.device = resolve_device(device)
        dtype = resolve_dtype(dtype, self.device)
        # bfloat16 output differs slightly from float32, so the memory keys on it via the name.
        self.name = model if dtype == "float32" else f"{model} ({dtype})"
        self.dtype = dtype
        self.settings = f"transformers, {dtype}, {beams} beams"
        if self.device == "cpu":
            keep_large_blocks()
        self.beams = beams
        self.max_batch_tokens = max_batch_tokens
        self.max_batch_size = max_batch_size
        self.tokenizer, self.model = load_marian(model)
        self.model.to(self.device, dtype=getattr(torch, dtype)).eval()
        # Beams share their sentence's encoder keys and values instead of holding a copy each.
        self.share_encoder_states = (
            beams > 1 and hasattr(self.model, "set_attn_implementation") and register_attention()
        )
        if self.share_encoder_states:
            self.model.set_attn_implementation(ATTENTION)
        config = self.model.config
        self.eos_token_id = config.eos_token_id
        # The longest input the model can take (position embeddings), less the EOS token.
        self.max_input_tokens = min(self.tokenizer.model_max_length, config.max_position_embeddings) - 1
        self.max_output_tokens = config.max_position_embeddings - 1
        self.fixed_length = fixed_length  # benchmarks only: decode exactly this many tokens
        self.stats = BackendStats()
        self._term_ids: dict[str, list[int]] = {}
        import transformers

        # transformers 5 renamed generate's past_key_values to cache.
        self._cache_argument = (
            "cache" if int(transformers.__version__.split(".")[0]) >= 5 else "past_key_values"
        )

    @staticmethod
    def download(model: str, directory: Path, force: bool = False) -> Path:
        """The model saved for offline use (``save_model``): the layout every backend loads from."""
        return save_model(model, directory, force=force)

    def term_ids(self, target: str) -> list[int]:
        """Target-side token ids of a term, computed once per term."""
        if target not in self._term_ids:
            self._term_ids[target] = self.tokenizer(text_target=target, add_special_tokens=False).input_ids
        return self._term_ids[target]

    # ------------------------------------------------------------ internals

    def _sized(self, piece: Piece) -> _Sized:
        length = self.count_tokens(piece.model_input)
        needed = sum(len(self.term_ids(t)) for t in piece.required)
        return _Sized(piece, length, self._budget(length, needed))

    def _budget(self, length: int, needed: int) -> int:
        """Target tokens for a source of ``length`` tokens whose terms take ``needed`` tokens."""
        if self.fixed_length:
            return max(self.fixed_length, needed + 2)
        # +1: the source EOS token the model sees.
        return min(self.max_output_tokens, max(int((length + 1) * 1.6) + 10, needed + 8))

    def _batches(self, order: list[int], pieces: list[_Sized]) -> list[list[int]]:
        batches: list[list[int]] = []
        current: list[int] = []
        for i in order:
            longest = max([pieces[j].length for j in current] + [pieces[i].length])
            # Budget the padded source tokens of a batch; sorted input keeps padding small.
            if current and (
                longest * (len(current) + 1) > self.max_batch_tokens or len(current) >= self.max_batch_size
            ):
                batches.append(current)
                current = []
            current.append(i)
        if current:
            batches.append(current)
        return batches

    def _translate_pieces(
        self,
        plain: list[Piece],
        assembler: Assembler,
        report: Report,
    ) -> None:
        """Decode every piece that is not verbatim, batch by batch, handing each batch to ``assembler``."""
        import torch

        positions = [i for i, piece in enumerate(plain) if not piece.verbatim]
        pieces = [self._sized(plain[i]) for i in positions]
        # Similar budgets together (one long term list would stretch a whole batch), then similar lengths.
        order = sorted(range(len(pieces)), key=lambda i: (pieces[i].budget, pieces[i].length), reverse=True)
        with torch.inference_mode():
            for batch in self._batches(order, pieces):
                texts = self._generate([pieces[i] for i in batch])
                # A long sentence's pieces may span batches: it is done when its last one is.
                report([done for i, text in zip(batch, texts) for done in assembler.add(positions[i], text)])

    def _generate(self, batch: list[_Sized]) -> list[str]:
        from transformers import LogitsProcessorList

        from songngu.backends.constraint import RequiredTermsLogitsProcessor

        encoded = self.tokenizer([p.piece.model_input for p in batch], return_tensors="pt", padding=True).to(
            self.device
        )
        required_ids = [[self.term_ids(t) for t in p.piece.required] for p in batch]
        has_terms = any(ids for item in required_ids for ids in item)
        max_new = max(p.budget for p in batch)
        extra = {}
        processors = LogitsProcessorList()
        if self.fixed_length:
            # EOS comes last, forced by the model's forced_eos_token_id at the length limit.
            processors.append(no_end_before(max_new, self.eos_token_id))
        if has_terms:
            processors.append(
                RequiredTermsLogitsProcessor(
                    required_ids, self.eos_token_id, max_length=max_new + 1, num_beams=self.beams
                )
            )
        if self.share_encoder_states:
            encoder_outputs = self.model.get_encoder()(**encoded, return_dict=True)
            extra["encoder_outputs"] = encoder_outputs
            extra[self._cache_argument] = beam_search_cache(self.model, encoder_outputs.last_hidden_state)
        elif self.beams > 1:
            extra[self._cache_argument] = beam_search_cache()
        generated = self.model.generate(
            **encoded, num_beams=self.beams, max_new_tokens=max_new, logits_processor=processors, **extra
        )
        texts = self.tokenizer.batch_decode(generated, skip_special_tokens=True)
        return [self._restore_terms(text, p.piece.required) for text, p in zip(texts, batch)]

    def _restore_terms(self, text: str, required: tuple[str, ...]) -> str:
        """Terms the vocabulary cannot spell exactly (a missing letter decodes as <unk>) are written back whole."""
        for target in required:
            decoded = self.tokenizer.decode(self.term_ids(target), skip_special_tokens=True)
            if decoded != target and decoded.strip() and target not in text:
                text = text.replace(decoded.strip(), target, 1)
        return tidy_spacing(text)


def save_model(model: str, directory: str | Path, force: bool = False) -> Path:
    """Save model and tokenizer under ``directory`` for offline use (``--model DIR``).

    A folder that already holds files is replaced only with ``force``. The model is written
    to a temporary folder beside it and renamed into place, so an interrupted download never
    leaves a half-written model; its files get the umask's mode (safetensors writes 0600), so
    the colleagues a model folder is shared with can read it.
    """
    directory = Path(directory)
    if holds_files(directory) and not force:
        raise ModelLoadError(
            f"{directory} already holds files (another model?); give a new or empty folder, "
            "or ask for it to be replaced (force)"
        )
    tokenizer, marian = load_marian(model, downloading=True)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
    try:
        marian.save_pretrained(staging)
        tokenizer.save_pretrained(staging)
        mask = os.umask(0)
        os.umask(mask)
        for path in staging.rglob("*"):
            path.chmod((0o777 if path.is_dir() else 0o666) & ~mask)
        staging.chmod(0o777 & ~mask)
        if directory.exists():
            old = directory.with_name(f".{directory.name}.replaced")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(directory, old)
            os.replace(staging, directory)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, directory)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return directory
