"""The CTranslate2 backend: converted once, and the glossary guarantee still holds."""

from pathlib import Path

import pytest

from conftest import GLOSSARY, SEEDS

pytest.importorskip("ctranslate2")

from songngu.backends.ct2 import CTranslate2Backend, converted_model
from songngu.cli.main import main
from songngu.documents.reader import read_document
from songngu.documents.segment import segment_document
from songngu.glossary.hits import find_hits
from songngu.glossary.matching import TermMatcher
from songngu.glossary.terms import load_glossary
from songngu.translation.requests import TranslationRequest, build_request


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("SONGNGU_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_converted_once_and_reused(tiny_model: Path, cache: Path) -> None:
    first = converted_model(str(tiny_model), "int8")
    stamp = (first / "model.bin").stat().st_mtime_ns
    assert converted_model(str(tiny_model), "int8") == first
    assert (first / "model.bin").stat().st_mtime_ns == stamp
    assert [p.name for p in (cache / "ct2").iterdir()] == [first.name]  # no staging folder left


def test_missing_terms_are_put_in_without_decoding_again(tiny_model: Path, cache: Path, monkeypatch) -> None:
    """A sentence lacking a term used to be decoded again on the transformers path, at a third of
    CTranslate2's speed (issue #21). The term is now put in where the attention says: one call to
    the engine for the whole input, and no second model."""
    backend = CTranslate2Backend(str(tiny_model), device="cpu", beams=2)
    calls = []
    engine = backend.translator

    class Counting:
        def translate_batch(self, *args, **kwargs):
            calls.append(kwargs)
            return engine.translate_batch(*args, **kwargs)

    backend.translator = Counting()
    matcher = TermMatcher(load_glossary(GLOSSARY))
    segments = segment_document(read_document(SEEDS / "004_95d0cc854cd163db.txt"))
    hits = [find_hits(s.text, matcher) for s in segments]
    outputs = backend.translate([build_request(s.text, h) for s, h in zip(segments, hits)])
    assert [hit.target for h, out in zip(hits, outputs) for hit in h if hit.target not in out] == []
    # A random model does not write the terms by itself: every sentence with a term needed them.
    assert backend.stats.placed == sum(1 for h in hits if h) > 0
    assert len(calls) == 1 and calls[0]["return_attention"]


def test_a_term_is_put_in_even_where_the_vocabulary_cannot_spell_it(tiny_model: Path, cache: Path) -> None:
    backend = CTranslate2Backend(str(tiny_model), device="cpu", beams=1)
    term = "Ωmega Ψ Fund"  # Greek letters are not among the tiny model's English pieces
    [english] = backend.translate([TranslationRequest(f"Quỹ {term} tài trợ dự án.", (term,))])
    assert term in english and backend.stats.placed == 1


def test_translate_command_reports_sentences_given_their_terms(
    tiny_model: Path, cache: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "aligned"
    args = [
        "translate",
        str(SEEDS / "003_51d24c9f3e5c9daa.txt"),
        "--backend",
        "ctranslate2",
        "--model",
        str(tiny_model),
    ]
    assert main([*args, "--out", str(out), "--glossary", str(GLOSSARY), "--beams", "1", "--quiet"]) == 0
    summary = capsys.readouterr().out
    assert "term success 100.0%" in summary and "the term put in where the model translated it" in summary
