"""What every backend promises, checked on each: the term guarantee, result order, progress, long sentences.

A random model never writes a glossary term by itself, so a term in the output
proves the mechanism (the constraint, or CTranslate2's check and re-decode).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import GLOSSARY, SEEDS
from songngu.backends import BACKENDS, Backend, load_backend
from songngu.documents.reader import read_document
from songngu.documents.segment import segment_document
from songngu.glossary.hits import find_hits
from songngu.glossary.matching import TermMatcher
from songngu.glossary.terms import load_glossary
from songngu.translation.requests import TranslationRequest, build_request

KINDS = ("transformers", "ctranslate2")
BackendFactory = Callable[..., Backend]


@pytest.fixture(scope="module", autouse=True)
def conversion_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """CTranslate2 converts each model once for the whole module, in a folder of its own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SONGNGU_CACHE", str(tmp_path_factory.mktemp("ct2-cache")))
        yield


@pytest.fixture(params=KINDS)
def make_backend(request: pytest.FixtureRequest) -> BackendFactory:
    if request.param == "ctranslate2":
        pytest.importorskip("ctranslate2")

    def make(model: Path, **options: object) -> Backend:
        return load_backend(request.param, str(model), device="cpu", **options)

    return make


def seed_requests(*names: str) -> tuple[list[TranslationRequest], list[list[str]]]:
    matcher = TermMatcher(load_glossary(GLOSSARY))
    segments = [s for name in names for s in segment_document(read_document(SEEDS / f"{name}.txt"))]
    hits = [find_hits(s.text, matcher) for s in segments]
    return [build_request(s.text, h) for s, h in zip(segments, hits)], [[h.target for h in x] for x in hits]


def test_every_required_term_is_in_the_output(make_backend: BackendFactory, tiny_model: Path) -> None:
    requests, targets = seed_requests("003_51d24c9f3e5c9daa", "004_95d0cc854cd163db")
    outputs = make_backend(tiny_model, beams=2).translate(requests)
    assert sum(map(len, targets)) > 30
    assert [t for terms, out in zip(targets, outputs) for t in terms if t not in out] == []


def test_results_come_back_in_request_order(make_backend: BackendFactory, tiny_model: Path) -> None:
    # Lengths in no order, so that sorting into batches must be undone; each asks for its own name.
    words = ["Hà Nội", "Hội thảo trực tuyến về đô thị thông minh và bền vững", "Xin chào", "Đà Nẵng và Huế"]
    names = [f"Zq{chr(65 + i)}x Office" for i in range(len(words))]
    requests = [TranslationRequest(f"{text} {name}.", (name,)) for text, name in zip(words, names)]
    outputs = make_backend(tiny_model, beams=2, max_batch_tokens=16).translate(requests)
    assert len(outputs) == len(requests)
    assert [[n for n in names if n in out] for out in outputs] == [[n] for n in names]


def test_progress_counts_each_sentence_once(make_backend: BackendFactory, short_model: Path) -> None:
    backend = make_backend(short_model, beams=2, max_batch_tokens=64)
    sentences = [s.text for s in segment_document(read_document(SEEDS / "002_3bbdf00f9f92c039.txt"))][:12]
    assert backend.count_tokens(max(sentences, key=len)) > 63  # split into several pieces
    reports: list[int] = []
    backend.translate([TranslationRequest(s) for s in sentences], progress=reports.append)
    assert all(n > 0 for n in reports) and sum(reports) == len(sentences)


def test_long_sentences_are_split_not_truncated(make_backend: BackendFactory, short_model: Path) -> None:
    backend = make_backend(short_model, beams=2)
    matcher = TermMatcher(load_glossary(GLOSSARY))
    text = max((s.text for s in segment_document(read_document(SEEDS / "002_3bbdf00f9f92c039.txt"))), key=len)
    hits = find_hits(text, matcher)
    out = backend.translate([build_request(text, hits)])[0]
    assert backend.stats.split == 1
    assert [hit.target for hit in hits if hit.target not in out] == []
    # The tail of the sentence was translated too: its last name is required and present.
    assert hits[-1].start > len(text) // 2 and hits[-1].target in out


def test_backends_need_no_torch_to_declare_their_options() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from songngu.backends import BACKENDS, backend_settings\n"
        "assert [o.name for k in BACKENDS for o in backend_settings(k)] == ['dtype', 'compute_type']\n"
        "print(sorted(m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=dict(os.environ)
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("flags", "expected"), [({"avx512_bf16", "avx512f"}, "float32"), ({"amx_bf16", "amx_tile"}, "bfloat16")]
)
def test_dtype_auto_picks_bfloat16_only_where_it_is_faster(
    monkeypatch: pytest.MonkeyPatch, flags: set[str], expected: str
) -> None:
    import songngu.backends.marian as marian

    monkeypatch.setattr(marian, "cpu_flags", lambda: flags)
    assert marian.resolve_dtype("auto", "cpu") == expected
    assert marian.resolve_dtype("float32", "cpu") == "float32"


def test_an_option_of_another_backend_is_refused(tiny_model: Path, tmp_path: Path, capsys) -> None:
    from songngu.cli.main import main

    argv = ["translate", str(SEEDS), "--model", str(tiny_model), "--out", str(tmp_path / "o"), "--quiet"]
    assert main([*argv, "--backend", "ctranslate2", "--dtype", "bfloat16"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "songngu: --dtype applies to the transformers backend, not ctranslate2; "
        "add --backend transformers or leave it out\n"
    )
    assert not (tmp_path / "o").exists()


def test_backends_share_one_implementation_of_splitting_counting_and_reporting() -> None:
    """Both backends had their own translate (splitting, its stat, progress and finished reports) and
    count_tokens, and the CTranslate2 fallback built the concrete MarianBackend."""

    from songngu.backends import backend_class
    from songngu.backends.base import PieceBackend

    for kind in BACKENDS:
        cls = backend_class(kind)
        assert issubclass(cls, PieceBackend)
        assert not {"translate", "count_tokens"} & set(vars(cls)), kind
