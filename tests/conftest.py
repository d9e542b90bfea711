"""Shared fixtures: the project's paths and a tiny random Marian model built once per session."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from songngu.backends.tiny import build_marian, corpus_lines

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


@pytest.fixture(scope="session")
def translated_seeds(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds folder translated once (and scored against the references), for tests that only
    read the review files: translating it took nine seconds a module."""
    from songngu.cli.main import main

    out = tmp_path_factory.mktemp("seeds-aligned")
    assert main([*translate_argv(SEEDS, tiny_model, out, beams=1), "--refs", str(REFERENCES)]) == 0
    return out


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

    # Python tools (translate-toolkit's pocount, xliff2po) are installed beside this interpreter.
    path = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if path is None:
        message = f"{name} is not installed; .ci/run installs it (apt-get install, or pip with make setup)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


# -- the review workbench, as a reviewer starts it ---------------------------------------------------


@dataclass
class Server:
    """A running ``songngu review serve``: its printed address (with the token) and what it serves."""

    url: str
    folder: Path
    glossary: Path
    process: subprocess.Popen

    @property
    def base(self) -> str:
        return self.url.split("/?", 1)[0]

    @property
    def token(self) -> str:
        return self.url.split("token=", 1)[1]

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc

    def headers(self) -> dict[str, str]:
        """What the page itself sends with a change: Host, token and Origin."""
        return {"Host": self.host, "X-Songngu-Token": self.token, "Origin": self.base}


@contextlib.contextmanager
def serving(folder: Path, glossary: Path, *extra: str) -> Iterator[Server]:
    """The real ``songngu review serve`` on ``folder`` in a child process, until the block ends."""
    process = subprocess.Popen(
        [sys.executable, "-m", "songngu", "review", "serve", str(folder), "--port", "0", "--no-browser",
         "--glossary", str(glossary), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    line = process.stdout.readline()
    assert "http://127.0.0.1:" in line, process.stderr.read()
    url = line.split(": ", 1)[1].strip()
    _wait_until_listening(url)
    try:
        yield Server(url, folder, glossary, process)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_listening(url: str) -> None:
    parts = urlsplit(url)
    for _ in range(600):
        try:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
            connection.request("GET", "/nothing")
            connection.getresponse().read()
            return
        except ConnectionRefusedError:
            import time

            time.sleep(0.05)  # polling for the socket to answer, not timing anything
    raise AssertionError("the workbench never answered")


def request(server: Server, method: str, path: str, headers: dict[str, str], body: bytes | None = None):
    """(status, body) of one HTTP request to the server: the JSON it answered, or the page's text."""
    parts = urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    if response.getheader("content-type", "").startswith("application/json"):
        return response.status, json.loads(data or b"null")
    return response.status, data.decode("utf-8")


CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextlib.contextmanager
def launched_chromium() -> Iterator:
    """Debian's Chromium, driven by Playwright (no browser download)."""
    chromium = require_tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            yield launched
        finally:
            launched.close()
