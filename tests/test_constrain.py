"""The decoding constraint and the source-side term replacement, unit by unit (see test_backends for the guarantee end to end)."""

from pathlib import Path

import pytest
import torch

from conftest import GLOSSARY, SEEDS
from songngu.backends.constraint import RequiredTermsLogitsProcessor
from songngu.backends.marian import MarianBackend
from songngu.documents.reader import read_document
from songngu.documents.segment import segment_document
from songngu.glossary.hits import find_hits
from songngu.glossary.matching import TermHit, TermMatcher
from songngu.glossary.terms import load_glossary
from songngu.translation.requests import (
    TranslationRequest,
    build_request,
    prepare_source,
    tidy_spacing,
)


@pytest.fixture(scope="module")
def backend(tiny_model: Path) -> MarianBackend:
    return MarianBackend(str(tiny_model), device="cpu", beams=3)


def test_prepare_source_replaces_spans_right_to_left() -> None:
    text = "Theo Liên đoàn đô thị Canada (FCM) ngày 7/4/2020."
    name, date = "Liên đoàn đô thị Canada", "7/4/2020"
    hits = [
        TermHit(
            text.find(name), text.find(name) + len(name), name, name, "Federation of Canadian Municipalities"
        ),
        TermHit(text.find(date), text.find(date) + len(date), date, date, "7 April 2020", kind="date"),
    ]
    assert prepare_source(text, hits) == "Theo Federation of Canadian Municipalities (FCM) ngày 7 April 2020."
    assert build_request(text, [*hits, hits[0]]).required == (
        "Federation of Canadian Municipalities",
        "7 April 2020",
    )


def test_tidy_spacing() -> None:
    assert tidy_spacing(" của ( FCM ) và “ x ”") == "của (FCM) và “x”"


def test_without_constraints_the_random_model_misses_terms(backend: MarianBackend) -> None:
    from songngu.translation.requests import TranslationRequest

    text = "Hội thảo của Federation of Canadian Municipalities tại Hà Nội."
    out = backend.translate([TranslationRequest(text)])[0]
    assert "Federation of Canadian Municipalities" not in out  # so the test above proves the mechanism


def test_forced_when_budget_runs_out() -> None:
    # Vocabulary of 6, EOS = 0; the "model" always prefers EOS (score 0) over anything else.
    required = [[[3, 4], [5]]]
    processor = RequiredTermsLogitsProcessor(required, eos_token_id=0, max_length=5, num_beams=1)
    ids = torch.tensor([[2]])
    produced = []
    for _ in range(4):
        scores = torch.full((1, 6), -5.0)
        scores[0, 0] = 0.0
        token = int(processor(ids, scores).argmax())
        produced.append(token)
        ids = torch.cat([ids, torch.tensor([[token]])], dim=1)
    assert produced == [3, 4, 5, 0]


def test_a_begun_term_is_finished() -> None:
    processor = RequiredTermsLogitsProcessor([[[3, 4, 5]]], eos_token_id=0, max_length=50, num_beams=1)
    scores = torch.zeros((1, 6))
    out = processor(torch.tensor([[2, 3]]), scores)
    assert int(out.argmax()) == 4 and torch.isinf(out[0, 0]) and out[0, 0] < 0


def test_items_with_the_same_prefix_keep_their_own_terms() -> None:
    # Two batch items, one beam each, identical outputs so far: only item 0 has finished its term.
    processor = RequiredTermsLogitsProcessor([[[3, 4]], [[5, 4]]], eos_token_id=0, max_length=6, num_beams=1)
    ids = torch.tensor([[2], [2]])
    for token in (3, 4):
        processor(ids, torch.zeros((2, 6)))
        ids = torch.cat([ids, torch.tensor([[token], [token]])], dim=1)
    scores = processor(ids, torch.zeros((2, 6)))
    assert torch.isfinite(scores[0, 0])  # item 0 may end
    assert torch.isinf(scores[1, 0]) and int(scores[1].argmax()) == 5  # item 1 must still write its term


def test_shared_beam_cache_gives_the_same_output_as_transformers_default(backend: MarianBackend) -> None:
    import songngu.backends.marian as marian

    matcher = TermMatcher(load_glossary(GLOSSARY))
    segments = segment_document(read_document(SEEDS / "003_51d24c9f3e5c9daa.txt"))
    requests = [build_request(s.text, find_hits(s.text, matcher)) for s in segments]
    ours = backend.translate(requests)
    original = marian.beam_search_cache
    marian.beam_search_cache = lambda *_: None  # transformers' own cache: a copy per beam, reordered in full
    try:
        assert backend.translate(requests) == ours
    finally:
        marian.beam_search_cache = original


def test_fixed_length_decodes_exactly_that_many_tokens(tiny_model: Path) -> None:
    backend = MarianBackend(str(tiny_model), device="cpu", beams=3, fixed_length=20)
    generate, lengths = backend.model.generate, []

    def counting_generate(**kwargs):
        output = generate(**kwargs)
        lengths.append(output.shape[1])
        return output

    backend.model.generate = counting_generate
    backend.translate([TranslationRequest("Hội thảo trực tuyến."), TranslationRequest("Xin chào các bạn.")])
    assert lengths == [21]  # the decoder start token, 19 tokens, EOS: never an earlier end


@pytest.mark.parametrize("length", [1, 3])
def test_beams_sharing_one_key_value_row_attend_as_with_a_copy_each(length: int) -> None:
    from transformers.integrations.sdpa_attention import sdpa_attention_forward

    from songngu.backends.beams import shared_beam_attention

    torch.manual_seed(0)
    sentences, beams, heads, source, dim = 3, 4, 2, 7, 8
    module = torch.nn.Module()  # what the attention functions read of it: is_causal
    module.is_causal = False
    query = torch.randn(sentences * beams, heads, length, dim)
    key, value = torch.randn(sentences, heads, source, dim), torch.randn(sentences, heads, source, dim)
    padding = torch.ones(sentences, 1, length, source, dtype=torch.bool)
    padding[1, ..., 5:] = False  # sentence 1 is two tokens shorter
    per_beam = [t.repeat_interleave(beams, dim=0) for t in (key, value, padding)]
    expected, _ = sdpa_attention_forward(module, query, *per_beam, scaling=dim**-0.5)
    shared, _ = shared_beam_attention(
        module, query, key, value, padding.repeat_interleave(beams, dim=0), scaling=dim**-0.5
    )
    assert shared.shape == expected.shape == (sentences * beams, length, heads, dim)
    torch.testing.assert_close(shared, expected)
