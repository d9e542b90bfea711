"""A small MarianMT model built locally, for tests and benchmarks (no download).

Sentencepiece models are trained on the given Vietnamese and English lines, the
vocabulary is written as ``vocab.json``, and a ``MarianConfig`` of the requested
size gets random weights. The result loads with ``MarianMTModel.from_pretrained``
exactly like a downloaded OPUS-MT model; it translates nonsense, so it serves to
test mechanisms (loading, batching, constraints, files), never quality. It lives among the
backends because it imports torch, transformers and sentencepiece, which only backends/ may.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path


def build_marian(
    directory: str | Path,
    vietnamese: Iterable[str],
    english: Iterable[str],
    *,
    d_model: int = 16,
    layers: int = 1,
    heads: int = 2,
    ffn: int = 32,
    spm_vocab: int = 400,
    vocab_size: int | None = None,
    max_positions: int = 512,
    seed: int = 0,
) -> Path:
    """Write a random-weight Marian model to ``directory``; ``vocab_size`` pads the vocabulary to that size."""
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for side, lines in (("source", vietnamese), ("target", english)):
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter([line for line in lines if line.strip()]),
            model_prefix=str(directory / side),
            vocab_size=spm_vocab,
            character_coverage=1.0,
            model_type="unigram",
            bos_id=-1,
            eos_id=0,
            unk_id=1,
            pad_id=-1,
            hard_vocab_limit=False,
            minloglevel=2,
            num_threads=1,
        )
        (directory / f"{side}.model").rename(directory / f"{side}.spm")
    # The OPUS-MT layout: </s> 0, <unk> 1, the pieces, and <pad> last (it also starts the decoder).
    vocab = {"</s>": 0, "<unk>": 1}
    for side in ("source", "target"):
        processor = spm.SentencePieceProcessor(model_file=str(directory / f"{side}.spm"))
        for i in range(processor.get_piece_size()):
            vocab.setdefault(processor.id_to_piece(i), len(vocab))
    while vocab_size and len(vocab) < vocab_size - 1:
        vocab[f"<filler_{len(vocab)}>"] = len(vocab)
    pad_id = vocab["<pad>"] = len(vocab)
    (directory / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")

    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn,
        decoder_ffn_dim=ffn,
        max_position_embeddings=max_positions,
        pad_token_id=pad_id,
        eos_token_id=0,
        decoder_start_token_id=pad_id,
        forced_eos_token_id=0,
    )
    torch.manual_seed(seed)
    MarianMTModel(config).save_pretrained(directory)
    tokenizer = MarianTokenizer(
        source_spm=str(directory / "source.spm"),
        target_spm=str(directory / "target.spm"),
        vocab=str(directory / "vocab.json"),
        source_lang="vi",
        target_lang="en",
        model_max_length=max_positions,
    )
    tokenizer.save_pretrained(directory)
    return directory


def corpus_lines(seeds: str | Path, references: str | Path) -> tuple[list[str], list[str]]:
    """Vietnamese lines of the seeds and English lines of the references, for training sentencepiece."""
    vietnamese = [
        line for p in sorted(Path(seeds).glob("*.txt")) for line in p.read_text("utf-8").splitlines()
    ]
    english = [
        line for p in sorted(Path(references).glob("*.en.txt")) for line in p.read_text("utf-8").splitlines()
    ]
    return vietnamese, english
