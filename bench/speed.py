"""`make bench`: translation speed and memory on a stand-in model of opus-mt-vi-en's shape.

Builds (once, under .cache/bench/) a Marian model with d_model 512, 6+6 layers,
8 heads, feed-forward 2048 and a 53,000-piece vocabulary, random weights; forces a
fixed output length so every configuration does the same work; translates the
same workload (sentences drawn from the seeds) in these configurations, each in a
fresh process so that peak memory is its own:

  a  naive: a transformers translation pipeline called one sentence at a time
  b  songngu, transformers backend (sorted token-budget batches, constrained beams)
  c  songngu, CTranslate2 backend, int8 (float16 on CUDA), glossary off: the backend's own cost
  d  raw CTranslate2 int8 translate_batch on the same converted model (the ceiling)
  e  (b) again on unchanged input: served by the translation memory, no model work
  g  (b) with bfloat16 weights (--dtype bfloat16), for CPUs with AMX or AVX-512 BF16
  f  (c) with the glossary on: a term an output lacks is put in where the model's attention
     says it translated it (backends/term_placement.py). A random model never writes a term by
     itself, so here every sentence with a term needs it: f is the worst case.
  r  (f) where the model's own output already holds the terms of 9 sentences in 10, as a real
     model's does for acronyms and Latin-script names it copies: the workload side of such a
     model (see realistic_requests), not a trained one; only the tenth needs its terms put in.

The measurement is made to be trusted on a shared machine: every process gets the same thread
count (torch, OpenMP and CTranslate2), decodes a few sentences before the clock starts, and the
configurations are run in interleaved rounds (--repeats), each figure the median of its rounds;
every ratio is to (d) of the same run. The CPU time other processes took just before each
measurement is printed: another busy process makes the naive loop several times slower here
(0.68 -> 0.14 sentences/s beside two busy loops on 2 cores), the cause of a 1,299-second run.

Prints one table, one JSON line and whether each target is met.
Usage: python bench/speed.py [--device cpu|cuda] [--sentences N] [--length L] [--beams B] [--repeats R]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARM_UP = 8  # sentences each process decodes before its clock starts (allocations, first kernels)
sys.path.insert(0, str(ROOT / "translate"))  # the source root, for a run without an install

CACHE = ROOT / ".cache" / "bench"
MODEL = CACHE / "standin-opus-mt-vi-en"
LABELS = {
    "a": "naive, one sentence at a time",
    "b": "songngu transformers backend",
    "g": "songngu transformers backend, bfloat16",
    "c": "songngu ctranslate2 backend (int8)",
    "f": "songngu ctranslate2 + glossary, worst case",
    "r": "songngu ctranslate2 + glossary, realistic",
    "d": "raw ctranslate2 translate_batch (int8)",
    "e": "songngu re-run, translation memory",
}


def build_model() -> Path:
    if (MODEL / "config.json").exists():
        return MODEL
    from songngu.backends.tiny import build_marian, corpus_lines

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


def realistic_requests(requests: list, outputs: list[str], share_missing: int = 10) -> list:
    """The requests as a model that copies most names would see them: each sentence with terms
    requires a stretch of text its own output holds (the stand-in writes <filler_N> pieces, not
    words), but every ``share_missing``-th keeps its real terms, which it never writes."""
    from songngu.translation.requests import TranslationRequest

    result, with_terms = [], 0
    for request, output in zip(requests, outputs):
        if request.required and len(output) >= 12 and with_terms % share_missing:
            middle = len(output) // 2
            request = TranslationRequest(request.model_input, (output[middle : middle + 12],))
        with_terms += bool(request.required)
        result.append(request)
    return result


def naive(
    model: str, sentences: list[str], warm: list[str], args: argparse.Namespace
) -> tuple[list[str], float]:
    """What a user writes first: a translation pipeline (transformers 4) or, since transformers 5
    removed that task, the model card's tokenizer + generate loop, one sentence at a time. It
    decodes ``warm`` before its clock starts, as the other configurations do."""
    from transformers.pipelines import SUPPORTED_TASKS

    options = {"num_beams": args.beams, "max_new_tokens": args.length, "min_new_tokens": args.length}
    if "translation" in SUPPORTED_TASKS:
        from transformers import pipeline

        translator = pipeline("translation", model=model, device=0 if args.device == "cuda" else -1)

        def translate_one(sentence: str) -> str:
            return translator(sentence, **options)[0]["translation_text"]
    else:
        from transformers import MarianMTModel, MarianTokenizer

        tokenizer = MarianTokenizer.from_pretrained(model)
        marian = MarianMTModel.from_pretrained(model).to(args.device)

        def translate_one(sentence: str) -> str:
            batch = tokenizer([sentence], return_tensors="pt", truncation=True).to(args.device)
            return tokenizer.decode(marian.generate(**batch, **options)[0], skip_special_tokens=True)

    for sentence in warm:
        translate_one(sentence)
    started = time.perf_counter()
    return [translate_one(sentence) for sentence in sentences], started


def run_one(config: str, args: argparse.Namespace) -> dict:
    """Run one configuration in this process and return its measurements."""
    import torch

    torch.set_num_threads(args.threads)
    from songngu.translation.requests import TranslationRequest, build_request

    size = args.naive_sentences if config == "a" else args.sentences
    sentences, hits = workload(size)
    requests = [build_request(s, h) for s, h in zip(sentences, hits)]
    model = str(build_model())
    L, beams = args.length, args.beams
    warm = [TranslationRequest(f"({i}) Hà Nội") for i in range(WARM_UP)]  # not in the workload
    model_calls = None
    if config == "a":
        outputs, started = naive(model, sentences, [r.model_input for r in warm], args)
    elif config in ("b", "e", "g"):
        from songngu.app.run import translate_with_memory
        from songngu.backends.marian import MarianBackend
        from songngu.translation.memory import TranslationMemory

        dtype = "bfloat16" if config == "g" else "float32"
        backend = MarianBackend(model, device=args.device, beams=beams, fixed_length=L, dtype=dtype)
        backend.translate(warm)
        memory = TranslationMemory(":memory:")
        if config == "e":  # fill the memory first; the timed run is the second one
            translate_with_memory(requests, sentences, backend, memory, "bench")
        started = time.perf_counter()
        result = translate_with_memory(requests, sentences, backend, memory, "bench")
        outputs, model_calls = [text or "" for text in result.english], result.translated
    elif config in ("c", "f", "r"):
        from songngu.backends.ct2 import CTranslate2Backend

        backend = CTranslate2Backend(
            model, device=args.device, beams=beams, fixed_length=L, threads=args.threads
        )
        backend.translate(warm)
        if config == "c":  # the same model input as (d), nothing to check
            requests = [TranslationRequest(r.model_input) for r in requests]
        if config == "r":  # untimed: what the model writes by itself decides what it must be given
            requests = realistic_requests(
                requests, backend.translate([TranslationRequest(r.model_input) for r in requests])
            )
        started = time.perf_counter()
        outputs = backend.translate(requests)
        model_calls = backend.stats.placed
    elif config == "d":
        import ctranslate2
        from transformers import MarianTokenizer

        from songngu.backends.ct2 import converted_model
        from songngu.translation.pieces import join_pieces, split_requests

        compute = "float16" if args.device == "cuda" else "int8"
        tokenizer = MarianTokenizer.from_pretrained(model)
        translator = ctranslate2.Translator(
            str(converted_model(model, compute)),
            device=args.device,
            compute_type=compute,
            intra_threads=args.threads,
        )

        def count(text: str) -> int:
            return len(tokenizer(text, add_special_tokens=False).input_ids)

        def translate(requests: list) -> list[str]:
            # The same over-long-sentence split as songngu, else the model rejects them; no term check.
            pieces, _ = split_requests(requests, count, tokenizer.model_max_length - 1)
            model_pieces = [p for p in pieces if not p.verbatim]
            tokens = [
                tokenizer.convert_ids_to_tokens(tokenizer(p.model_input).input_ids) for p in model_pieces
            ]
            results = translator.translate_batch(
                tokens,
                beam_size=beams,
                max_batch_size=4096,
                batch_type="tokens",
                max_decoding_length=L,
                min_decoding_length=L,
            )
            texts = [tokenizer.convert_tokens_to_string(result.hypotheses[0]) for result in results]
            return join_pieces(pieces, texts, len(requests))

        translate(warm)
        started = time.perf_counter()
        outputs = translate(requests)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    required = sum(len(r.required) for r in requests)
    found = sum(term in out for r, out in zip(requests, outputs) for term in r.required)
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


def others_busy(seconds: float = 0.5) -> float:
    """How many CPUs' worth of time other processes used over ``seconds`` (Linux; 0 elsewhere)."""

    def ticks() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        return sum(fields), fields[3] + fields[4]  # all, idle + iowait

    try:
        total0, idle0 = ticks()
        time.sleep(seconds)
        total1, idle1 = ticks()
    except OSError:
        return 0.0
    return (os.cpu_count() or 1) * (1 - (idle1 - idle0) / max(total1 - total0, 1))


REPEATED = "dcfr"  # the configurations whose ratios are targets: run in every round


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--device", default="cpu", choices=("cpu", "cuda"))
    parser.add_argument("--sentences", type=int, default=200)
    parser.add_argument(
        "--naive-sentences", type=int, default=20, help="the naive loop's rate is per sentence"
    )
    parser.add_argument("--length", type=int, default=32, help="fixed output length in tokens")
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--repeats", type=int, default=3, help=f"rounds of ({', '.join(REPEATED)}); the others run once"
    )
    parser.add_argument("--configs", default="dcfrbgea")
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
        f"{args.sentences} sentences, {args.length} output tokens each, {args.beams} beams, "
        f"{args.threads} threads of {os.cpu_count()} CPUs, {args.device}",
        file=sys.stderr,
    )
    # Every thread pool the same size in every process: torch's and OpenMP's default to the CPU count,
    # and two pools of that size on a machine already busy make each other wait.
    threads = str(args.threads)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "translate"),
        "OMP_NUM_THREADS": threads,
        "MKL_NUM_THREADS": threads,
    }
    runs: dict[str, list[dict]] = {}
    for round_ in range(args.repeats):
        for key in args.configs:
            if round_ and key not in REPEATED:
                continue
            busy = others_busy()
            print(
                f"round {round_ + 1}: ({key}) {LABELS[key]}; other processes busy {busy:.2f} CPUs...",
                file=sys.stderr,
            )
            command = [
                sys.executable,
                __file__,
                "--one",
                key,
                "--device",
                args.device,
                "--sentences",
                str(args.sentences),
            ]
            command += ["--naive-sentences", str(args.naive_sentences), "--length", str(args.length)]
            command += ["--beams", str(args.beams), "--threads", threads]
            done = subprocess.run(command, capture_output=True, text=True, env=env)
            if done.returncode != 0:
                print(f"({key}) failed:\n{done.stderr[-2000:]}", file=sys.stderr)
                continue
            measured = json.loads(done.stdout.strip().splitlines()[-1]) | {"others_busy": busy}
            runs.setdefault(key, []).append(measured)
            print(f"({key}) {json.dumps(measured)}", file=sys.stderr)

    results = {key: summarise(measured) for key, measured in runs.items()}
    for key, measured in runs.items():  # each round's rate over (d)'s of the same round, then the median
        rounds = [
            m["sentences_per_s"] / base["sentences_per_s"] for m, base in zip(measured, runs.get("d", []))
        ]
        results[key]["vs_d"] = statistics.median(rounds) if rounds else None
    d = results.get("d", {}).get("sentences_per_s")
    from songngu.table import render_table

    rows = [
        (
            f"({k}) {LABELS[k]}",
            f"{r['sentences_per_s']:.2f}",
            "-" if r["vs_d"] is None else f"{r['vs_d']:.2f}",
            f"{r['spread']:.0%}",
            r["runs"],
            f"{r['peak_rss_mb']:.0f}",
            "-" if r["term_success"] is None else f"{r['term_success']:.2f}",
            "-" if r["model_calls"] is None else r["model_calls"],
            f"{r['others_busy']:.2f}",
        )
        for k, r in results.items()
    ]
    headers = (
        "configuration",
        "sent/s",
        "vs d",
        "spread",
        "runs",
        "peak MB",
        "terms",
        "fixed",
        "others busy",
    )
    print(render_table(headers, rows))
    legend = (
        "sent/s: the median of the rounds; vs d: the median over rounds of the rate over (d)'s in the same round; "
        "spread: (max - min) / median of the rates; fixed: sentences whose terms had to be put in (f, r), or "
        "sentences the model translated (b, e, g); others busy: the most CPUs other processes used before a run"
    )
    print(textwrap.fill(legend, 110))
    targets = {}
    ratio = lambda key: results[key]["vs_d"]  # noqa: E731
    if "a" in results and "b" in results:
        targets["b >= 5x a"] = (
            results["b"]["sentences_per_s"] >= 5 * results["a"]["sentences_per_s"],
            f"{results['b']['sentences_per_s'] / results['a']['sentences_per_s']:.1f}x",
        )
    if "a" in results and "g" in results:
        speedup = results["g"]["sentences_per_s"] / results["a"]["sentences_per_s"]
        targets["g (b in bfloat16) >= 5x a"] = (speedup >= 5, f"{speedup:.1f}x")
    if d and "c" in results:
        targets["c >= 0.97x d"] = (ratio("c") >= 0.97, f"{ratio('c'):.2f}x")
    glossary_on = [k for k in "fr" if k in results]
    if d and glossary_on:
        best = max(glossary_on, key=ratio)
        success = all(results[k]["term_success"] == 1.0 for k in glossary_on)
        targets["glossary on: best >= 0.9x d, term success 1.00"] = (
            ratio(best) >= 0.9 and success,
            f"({best}) {ratio(best):.2f}x; " + ", ".join(f"({k}) {ratio(k):.2f}x" for k in glossary_on),
        )
    if "b" in results and "e" in results:
        speedup = results["e"]["sentences_per_s"] / results["b"]["sentences_per_s"]
        targets["e >= 100x b"] = (
            speedup >= 100 and results["e"]["model_calls"] == 0,
            f"{speedup:.0f}x, {results['e']['model_calls']} model calls",
        )
    songngu = [k for k in "bgcfre" if k in results]  # every configuration that runs songngu
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
                "threads": args.threads,
                "results": results,
                "targets": {k: v[0] for k, v in targets.items()},
            }
        )
    )
    return 0


def summarise(measured: list[dict]) -> dict:
    """One configuration's rounds: the median rate, how far the rounds spread, the worst peak and load."""
    rates = [m["sentences_per_s"] for m in measured]
    median = statistics.median(rates)
    return {
        **measured[0],
        "runs": len(measured),
        "sentences_per_s": median,
        "seconds": statistics.median(m["seconds"] for m in measured),
        "tokens_per_s": statistics.median(m["tokens_per_s"] for m in measured),
        "spread": (max(rates) - min(rates)) / median,
        "peak_rss_mb": max(m["peak_rss_mb"] for m in measured),
        "others_busy": max(m["others_busy"] for m in measured),
        "all_sentences_per_s": rates,
    }


if __name__ == "__main__":
    raise SystemExit(main())
