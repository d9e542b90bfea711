"""Archives on Ray (``make test-ray``): ``songngu translate --ray`` on a local Ray instance of 2 CPUs gives the same
files as a run without it, a worker killed mid-run is started again and its work retried, and
reviewed entries survive. The pipeline's chunk is made small (8 sentences) so that the two
workers share even the seeds' few dozen sentences.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest

from conftest import GLOSSARY, SEEDS, translate_argv
from songngu.cli.main import main

ray = pytest.importorskip("ray") if not os.environ.get("CI") else __import__("ray")
pytestmark = pytest.mark.cluster  # make test-ray (CI runs it after make test)

DOCS = ("000_df3434ea04ffe04a",)  # with the Word seed: 51 sentences, seven slices of 8


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def small_chunks() -> Iterator[None]:
    import songngu.backends
    from songngu.backends.base import PieceBackend

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PieceBackend, "chunk_size", 8)  # what a run hands a backend at a time
        patch.setattr(songngu.backends, "CHUNK", 8)  # and so each Ray worker (cli/translate.py)
        yield


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = tmp_path_factory.mktemp("archive")
    for name in DOCS:
        shutil.copyfile(SEEDS / f"{name}.txt", docs / f"{name}.txt")
    shutil.copyfile(SEEDS / "news_001_word.docx", docs / "news_001_word.docx")
    return docs


@pytest.fixture(scope="module")
def plain(
    small_chunks: None, archive: Path, tiny_model: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The archive translated without Ray; its summary in summary.txt beside the folder."""
    out = tmp_path_factory.mktemp("plain") / "aligned"
    with contextlib.redirect_stdout(io.StringIO()) as summary:
        assert main(translate_argv(archive, tiny_model, out, "--refs", "none")) == 0
    (out.parent / "summary.txt").write_text(summary.getvalue())
    return out


@pytest.fixture(scope="module")
def backend(local_ray: None, tiny_model: Path) -> Iterator:
    """Two workers with the tiny model, for the tests that drive the pipeline themselves."""
    from songngu.backends.ray_pool import RayBackend

    pool = RayBackend("transformers", str(tiny_model), workers=2, batch=8, beams=1, device="cpu")
    yield pool
    pool.close()


def review_files(folder: Path) -> dict[str, bytes]:
    """Every file a run writes, but the memory; a PO's revision date is the minute it was written."""
    files = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".songngu") or path.name.startswith("report."):
            continue
        data = path.read_bytes()
        if path.suffix == ".po":
            data = b"\n".join(
                line for line in data.split(b"\n") if not line.startswith(b'"PO-Revision-Date:')
            )
        files[path.name] = data
    return files


def test_a_ray_run_writes_the_files_of_a_run_without_ray(
    local_ray: None, plain: Path, archive: Path, tiny_model: Path, tmp_path: Path, capsys
) -> None:
    without = (plain.parent / "summary.txt").read_text()
    capsys.readouterr()
    assert main(translate_argv(archive, tiny_model, tmp_path / "ray", "--refs", "none", "--ray")) == 0
    on_ray = capsys.readouterr().out
    assert review_files(tmp_path / "ray") == review_files(plain)
    # Each: PO, TSV, two TMX, XLIFF, English text; the Word one also its copy and its English .docx.
    assert len(review_files(tmp_path / "ray")) == 6 + 8
    # The summary counts the same (only the seconds differ).
    figures = [line.split(" in ")[0] for line in without.splitlines() if " sentences (" in line]
    assert figures and figures == [
        line.split(" in ")[0] for line in on_ray.splitlines() if " sentences (" in line
    ]


def test_a_worker_killed_mid_run_is_started_again_and_nothing_is_lost(
    backend, plain: Path, archive: Path, tmp_path: Path
) -> None:
    from songngu.app.run import run
    from songngu.glossary.terms import load_glossary

    killed: list[int] = []

    def progress_factory(total: int):
        def progress(n: int) -> None:
            if not killed:  # after the first slice came back: a worker dies, maybe in the middle of one
                pid = ray.get(backend.workers[1].pid.remote())
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

        return progress

    paths = sorted(archive.iterdir())
    report = run(paths, backend, load_glossary(GLOSSARY), tmp_path / "ray", progress_factory=progress_factory)
    assert not report.failures and killed
    assert ray.get(backend.workers[1].pid.remote()) != killed[0]  # Ray started it again
    assert review_files(tmp_path / "ray") == review_files(plain)


def test_reviewed_entries_survive_a_second_ray_run_that_translates_nothing(backend, tmp_path: Path) -> None:
    from songngu.app.run import run
    from songngu.glossary.terms import load_glossary

    out, document = tmp_path / "aligned", SEEDS / f"{DOCS[0]}.txt"
    glossary = load_glossary(GLOSSARY)
    first = run([document], backend, glossary, out)
    assert first.translated == first.sentences > 0
    po = polib.pofile(str(out / f"{DOCS[0]}.po"), wrapwidth=0)
    po.find("1.1", by="msgctxt").msgstr = "Reviewed by a person."
    po.find("1.1", by="msgctxt").flags = []
    po.save()
    second = run([document], backend, glossary, out)
    assert second.translated == 0 and second.from_memory == first.sentences
    entry = polib.pofile(str(out / f"{DOCS[0]}.po")).find("1.1", by="msgctxt")
    assert entry.msgstr == "Reviewed by a person." and "fuzzy" not in entry.flags


def test_workers_without_ray_is_one_line(tiny_model: Path, tmp_path: Path, capsys) -> None:
    assert main(translate_argv(SEEDS / f"{DOCS[0]}.txt", tiny_model, tmp_path, "--workers", "2")) == 2
    assert (
        capsys.readouterr().err.strip()
        == "songngu: --workers applies to a Ray run; add --ray (or --ray ADDRESS)"
    )
