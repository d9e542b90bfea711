"""Where CTranslate2's output gets a term it lacks (backends/term_placement.py).

Pieces are written as SentencePiece writes them ("▁" begins a word); each output piece's
attention is given as the source piece it peaks on.
"""

from __future__ import annotations

from collections.abc import Sequence

from songngu.backends.term_placement import place_terms


def render(pieces: Sequence[str]) -> str:
    return "".join(pieces).replace("▁", " ").strip()


def pieces(text: str) -> list[str]:
    return [f"▁{word}" for word in text.split()]


def peaking(on: Sequence[int], width: int) -> list[list[float]]:
    """Attention rows that each peak on one source piece."""
    return [[1.0 if i == peak else 0.0 for i in range(width)] for peak in on]


SOURCE = pieces("Đoàn UCLG ASPAC đã thăm Huế")  # the English term is already in the model's input


def test_the_words_that_translate_the_term_give_way_to_it() -> None:
    output = pieces("The Uclg-Aspac delegation visited Hue")
    # "Uclg-Aspac" peaks on the term's pieces (1 and 2); the other words elsewhere.
    text = place_terms(output, peaking([0, 1, 0, 4, 5], 6), SOURCE, ["UCLG ASPAC"], render)
    assert text == "The UCLG ASPAC delegation visited Hue"


def test_a_term_nobody_attended_to_goes_where_the_sentence_passes_it() -> None:
    output = pieces("The delegation visited Hue")
    # No word peaks on the term; "visited" is the first past it.
    text = place_terms(output, peaking([0, 0, 3, 5], 6), SOURCE, ["UCLG ASPAC"], render)
    assert text == "The delegation UCLG ASPAC visited Hue"


def test_a_term_the_source_does_not_hold_goes_at_the_end() -> None:
    output = pieces("The delegation visited Hue")
    text = place_terms(output, peaking([0, 0, 3, 5], 6), SOURCE, ["FCM"], render)
    assert text == "The delegation visited Hue FCM"


def test_a_model_that_attends_to_the_term_throughout_keeps_most_of_its_sentence() -> None:
    output = pieces("a b c d e f g h")
    text = place_terms(output, peaking([1] * 8, 6), SOURCE, ["UCLG ASPAC"], render)
    # At most two words more than the term are replaced.
    assert text == "UCLG ASPAC e f g h"


def test_a_term_inside_a_longer_missing_term_is_not_written_twice() -> None:
    long, short = "Office of the Association of Cities of Vietnam", "Association of Cities of Vietnam"
    source = pieces(f"Văn phòng {long} họp")  # the short term's own hit lies inside the long one's
    output = pieces("The office of the association met")
    peaks = [0, 2, 3, 4, 5, 10]  # "office … association" attends to the long term's pieces
    text = place_terms(output, peaking(peaks, 12), source, [short, long], render)
    assert text == f"The {long} met"


def test_two_missing_terms_attended_by_the_same_words_are_both_kept() -> None:
    source = pieces("Hội Association of Cities of Vietnam ký")  # two terms that share "Cities"
    output = pieces("The towns signed")
    text = place_terms(
        output, peaking([3, 3, 7], 8), source, ["Association of Cities", "Cities of Vietnam"], render
    )
    assert text == "Association of Cities Cities of Vietnam signed"


def test_a_word_holding_a_term_already_there_is_never_replaced() -> None:
    source = pieces("Đoàn UCLG ASPAC và 3 thành phố")
    output = pieces("The 3-city Aspac delegation")
    # "3-city" and "Aspac" peak on the term; "3-city" holds the number 3, which is required too.
    text = place_terms(output, peaking([0, 1, 2, 3], 7), source, ["UCLG ASPAC"], render, present=["3"])
    assert text == "The 3-city UCLG ASPAC delegation"


def test_pieces_without_word_starts_are_not_one_word_to_replace() -> None:
    output = ["<f1>", "<f2>", "<f3>", "<f4>", "<f5>", "<f6>", "<f7>", "<f8>"]  # a random model's output
    text = place_terms(output, peaking([1] * 8, 6), SOURCE, ["UCLG ASPAC"], lambda p: "".join(p))
    assert text == "UCLG ASPAC <f1><f2><f3><f4><f5><f6><f7><f8>"
