"""`make bench`: translation speed and memory on a stand-in model of opus-mt-vi-en's shape.

Builds (once, under .cache/bench/) a Marian model with d_model 512, 6+6 layers,
8 heads, feed-forward 2048 and a 53,000-piece vocabulary, random weights; forces a
fixed output length so every configuration does the same work; translates the
same workload (sentences drawn from the seeds) in five configurations, each in a
fresh process so that peak memory is its own:

  a  naive: a transformers translation pipeline called one sentence at a time
  b  songngu, transformers backend (sorted token-budget batches, constrained beams)
  c  songngu, CTranslate2 backend, int8 (float16 on CUDA), glossary off: the backend's own cost
  d  raw CTranslate2 int8 translate_batch on the same converted model (the ceiling)
  e  (b) again on unchanged input: served by the translation memory, no model work
  g  (b) with bfloat16 weights (--dtype bfloat16), for CPUs with AMX or AVX-512 BF16
  f  (c) with the glossary on: outputs lacking a term are re-decoded on the constrained
     transformers path. A random model never writes a term by itself, so here nearly every
     sentence with a term is re-decoded: f shows the worst case of the fallback.

Prints one table, one JSON line and whether each target is met.
Usage: python bench/speed.py [--device cpu|cuda] [--sentences N] [--length L] [--beams B]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "translate"))  # the source root, for a run without an install

CACHE = ROOT / ".cache" / "bench"
MODEL = CACHE / "standin-opus-mt-vi-en"
LABELS = {
    "a": "naive, one sentence at a time",
    "b": "songngu transformers backend",
    "g": "songngu transformers backend, bfloat16",
    "c": "songngu ctranslate2 backend (int8)",
    "f": "songngu ctranslate2 + glossary fallback",
    "d": "raw ctranslate2 translate_batch (int8)",
    "e": "songngu re-run, translation memory",
}


def build_model() -> Path:
    if (MODEL / "config.json").exists():
        return MODEL
    from songngu.testing import build_marian, corpus_lines

    vietnamese, english = corpus_lines(ROOT / "seeds", ROOT / "seeds" / "references")
    return build_marian(
        MODEL,
        vietnamese,
        english,
        d_model=512,
        layers=6,
        heads=8,
        ffn=2048,
        spm_vocab=4000,
        vocab_size=53_000,
    )


def workload(count: int) -> tuple[list[str], list]:
    """``count`` distinct sentences drawn from the seeds (numbered copies when the seeds run out), with term hits."""
    from songngu.documents.reader import read_document
    from songngu.documents.segment import segment_document
    from songngu.glossary.hits import find_hits
    from songngu.glossary.matching import TermMatcher
    from songngu.glossary.terms import load_glossary

    base = [
        s.text for p in sorted((ROOT / "seeds").glob("*.txt")) for s in segment_document(read_document(p))
    ]
    base = list(dict.fromkeys(base))
    sentences = [
        base[i % len(base)] if i < len(base) else f"({i // len(base)}) {base[i % len(base)]}"
        for i in range(count)
    ]
    matcher = TermMatcher(load_glossary(ROOT / "glossary" / "terms.tsv"))
    return sentences, [find_hits(s, matcher) for s in sentences]


def naive(model: str, sentences: list[str], args: argparse.Namespace) -> tuple[list[str], float]:
    """What a user writes first: a translation pipeline (transformers 4) or, since transformers 5
    removed that task, the model card's tokenizer + generate loop, one sentence at a time."""
    from transformers.pipelines import SUPPORTED_TASKS

    options = {"num_beams": args.beams, "max_new_tokens": args.length, "min_new_tokens": args.length}
    if "translation" in SUPPORTED_TASKS:
        from transformers import pipeline

        translator = pipeline("translation", model=model, device=0 if args.device == "cuda" else -1)
        started = time.perf_counter()
        return [translator(s, **options)[0]["translation_text"] for s in sentences], started
    from transformers import MarianMTModel, MarianTokenizer

    tokenizer = MarianTokenizer.from_pretrained(model)
    marian = MarianMTModel.from_pretrained(model).to(args.device)
    started = time.perf_counter()
    outputs = []
    for sentence in sentences:
        batch = tokenizer([sentence], return_tensors="pt", truncation=True).to(args.device)
        outputs.append(tokenizer.decode(marian.generate(**batch, **options)[0], skip_special_tokens=True))
    return outputs, started


def run_one(config: str, args: argparse.Namespace) -> dict:
    """Run one configuration in this process and return its measurements."""
    import torch

    torch.set_num_threads(os.cpu_count() or 1)
    from songngu.translation.requests import build_request

    sentences, hits = workload(args.sentences)
    requests = [build_request(s, h) for s, h in zip(sentences, hits)]
    model = str(build_model())
    L, beams = args.length, args.beams
    started = time.perf_counter()
    model_calls = None
    if config == "a":
        outputs, started = naive(model, sentences, args)
    elif config in ("b", "e", "g"):
        from songngu.app.run import translate_with_memory
        from songngu.backends.marian import MarianBackend
        from songngu.translation.memory import TranslationMemory

        dtype = "bfloat16" if config == "g" else "float32"
        backend = MarianBackend(model, device=args.device, beams=beams, fixed_length=L, dtype=dtype)
        memory = TranslationMemory(":memory:")
        if config == "e":  # fill the memory first; the timed run is the second one
            translate_with_memory(requests, sentences, backend, memory, "bench")
        started = time.perf_counter()
        result = translate_with_memory(requests, sentences, backend, memory, "bench")
        outputs, model_calls = [text or "" for text in result.english], result.translated
    elif config in ("c", "f"):
        from songngu.backends.ct2 import CTranslate2Backend
        from songngu.translation.requests import TranslationRequest

        backend = CTranslate2Backend(model, device=args.device, beams=beams, fixed_length=L)
        if config == "c":  # the same model input as (d), nothing to check
            requests = [TranslationRequest(r.model_input) for r in requests]
        started = time.perf_counter()
        outputs = backend.translate(requests)
        model_calls = backend.stats.redecoded
    elif config == "d":
        import ctranslate2
        from transformers import MarianTokenizer

        from songngu.backends.ct2 import converted_model

        compute = "float16" if args.device == "cuda" else "int8"
        tokenizer = MarianTokenizer.from_pretrained(model)
        translator = ctranslate2.Translator(
            str(converted_model(model, compute)),
            device=args.device,
            compute_type=compute,
            intra_threads=os.cpu_count() or 1,
        )
        from songngu.translation.pieces import join_pieces, split_requests

        def count(text: str) -> int:
            return len(tokenizer(text, add_special_tokens=False).input_ids)

        started = time.perf_counter()
        # The same over-long-sentence split as songngu, else the model rejects them; no term check.
        pieces, _ = split_requests(requests, count, tokenizer.model_max_length - 1)
        model_pieces = [p for p in pieces if not p.verbatim]
        tokens = [tokenizer.convert_ids_to_tokens(tokenizer(p.model_input).input_ids) for p in model_pieces]
        results = translator.translate_batch(
            tokens,
            beam_size=beams,
            max_batch_size=4096,
            batch_type="tokens",
            max_decoding_length=L,
            min_decoding_length=L,
        )
        texts = [tokenizer.convert_tokens_to_string(result.hypotheses[0]) for result in results]
        outputs = join_pieces(pieces, texts, len(requests))
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    required = sum(len(h) for h in hits)
    found = sum(hit.target in out for h, out in zip(hits, outputs) for hit in h)
    return {
        "config": config,
        "sentences": len(outputs),
        "seconds": seconds,
        "sentences_per_s": len(outputs) / seconds,
        "tokens_per_s": len(outputs) * L / seconds,
        "peak_rss_mb": peak_kb / 1024,
        "term_success": found / required if required else None,
        "model_calls": model_calls,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--device", default="cpu", choices=("cpu", "cuda"))
    parser.add_argument("--sentences", type=int, default=200)
    parser.add_argument("--length", type=int, default=32, help="fixed output length in tokens")
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--configs", default="abgcdef")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("SONGNGU_CACHE", str(CACHE))
    if args.one:
        print(json.dumps(run_one(args.one, args)))
        return 0

    print(f"building the stand-in model in {MODEL} (once)...", file=sys.stderr)
    build_model()
    from transformers import MarianConfig

    config = MarianConfig.from_pretrained(MODEL)
    print(
        f"stand-in: d_model {config.d_model}, {config.encoder_layers}+{config.decoder_layers} layers, "
        f"{config.encoder_attention_heads} heads, ffn {config.encoder_ffn_dim}, vocabulary {config.vocab_size}; "
        f"{args.sentences} sentences, {args.length} output tokens each, {args.beams} beams, {os.cpu_count()} threads, {args.device}",
        file=sys.stderr,
    )
    results = {}
    for key in args.configs:
        print(f"running ({key}) {LABELS[key]}...", file=sys.stderr)
        command = [
            sys.executable,
            __file__,
            "--one",
            key,
            "--device",
            args.device,
            "--sentences",
            str(args.sentences),
            "--length",
            str(args.length),
            "--beams",
            str(args.beams),
        ]
        done = subprocess.run(
            command, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "translate")}
        )
        if done.returncode != 0:
            print(f"({key}) failed:\n{done.stderr[-2000:]}", file=sys.stderr)
            continue
        results[key] = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"({key}) {json.dumps(results[key])}", file=sys.stderr)

    from songngu.table import render_table

    rows = [
        (
            f"({k}) {LABELS[k]}",
            f"{r['sentences_per_s']:.2f}",
            f"{r['tokens_per_s']:.0f}",
            f"{r['peak_rss_mb']:.0f}",
            f"{r['seconds']:.2f}",
            "-" if r["term_success"] is None else f"{100 * r['term_success']:.0f}%",
        )
        for k, r in results.items()
    ]
    print(render_table(("configuration", "sent/s", "tokens/s", "peak MB", "seconds", "terms"), rows))
    targets = {}
    if "a" in results and "b" in results:
        ratio = results["b"]["sentences_per_s"] / results["a"]["sentences_per_s"]
        targets["b >= 5x a"] = (ratio >= 5, f"{ratio:.1f}x")
    if "a" in results and "g" in results:
        ratio = results["g"]["sentences_per_s"] / results["a"]["sentences_per_s"]
        targets["g (b in bfloat16) >= 5x a"] = (ratio >= 5, f"{ratio:.1f}x")
    if "c" in results and "d" in results:
        ratio = results["c"]["sentences_per_s"] / results["d"]["sentences_per_s"]
        targets["c within 10% of d"] = (ratio >= 0.9, f"{100 * ratio:.0f}% of d")
    if "b" in results and "e" in results:
        ratio = results["e"]["sentences_per_s"] / results["b"]["sentences_per_s"]
        targets["e >= 100x b"] = (
            ratio >= 100 and results["e"]["model_calls"] == 0,
            f"{ratio:.0f}x, {results['e']['model_calls']} model calls",
        )
    songngu = [k for k in "bgcfe" if k in results]  # every configuration that runs songngu
    if songngu:
        peak = max(results[k]["peak_rss_mb"] for k in songngu)
        targets[f"peak RSS < 1.5 GB ({', '.join(songngu)})"] = (peak < 1536, f"{peak:.0f} MB at most")
    for name, (met, detail) in targets.items():
        print(f"{'MET    ' if met else 'NOT MET'}  {name}: {detail}")
    print(
        json.dumps(
            {
                "device": args.device,
                "sentences": args.sentences,
                "length": args.length,
                "beams": args.beams,
                "results": results,
                "targets": {k: v[0] for k, v in targets.items()},
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
