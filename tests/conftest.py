"""Shared fixtures: the project's paths and a tiny random Marian model built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from songngu.testing import build_marian, corpus_lines

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
REFERENCES = SEEDS / "references"
DATA = Path(__file__).resolve().parent / "data"
GLOSSARY = ROOT / "glossary" / "terms.tsv"
DEV_DOCS = ("000_df3434ea04ffe04a", "001_fcb7318a1ebb5922", "002_3bbdf00f9f92c039")


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A MarianMT model with random weights and sentencepiece vocabularies trained on the seeds."""
    vietnamese, english = corpus_lines(SEEDS, REFERENCES)
    return build_marian(tmp_path_factory.mktemp("tiny-marian"), vietnamese, english)


@pytest.fixture(scope="session")
def short_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same kind of model with only 64 positions, so long sentences must be split."""
    vietnamese, english = corpus_lines(SEEDS, REFERENCES)
    return build_marian(tmp_path_factory.mktemp("short-marian"), vietnamese, english, max_positions=64)


@pytest.fixture()
def glossary_copy(tmp_path: Path) -> Path:
    target = tmp_path / "terms.tsv"
    target.write_bytes(GLOSSARY.read_bytes())
    return target


def translate_argv(
    docs: Path, model: Path, out: Path, *extra: str, beams: int = 1, glossary: Path = GLOSSARY
) -> list[str]:
    """``songngu translate`` arguments as the tests use them (quiet, a given beam size)."""
    return [
        "translate",
        str(docs),
        "--model",
        str(model),
        "--out",
        str(out),
        "--glossary",
        str(glossary),
        "--beams",
        str(beams),
        "--quiet",
        *extra,
    ]


def require_tool(name: str) -> str:
    """The path of a real client program the test needs (msgcat, chromium, …).

    CI installs every such program (.ci/run), so there a missing one fails the test; on a
    developer's machine without it the test is skipped with the install command.
    """
    import os
    import shutil

    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed; .ci/run installs it (apt-get install)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path
