"""The package as installed: its import name, its neighbours, and what a command loads at start-up."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import songngu
from conftest import GLOSSARY, ROOT, SEEDS, translate_argv
from songngu.cli.main import main


def library_nodes(outside: tuple[str, ...] = ()) -> Iterator[tuple[Path, ast.AST]]:
    """Every syntax node of the package's modules (with the module's path in the package), but those
    of the folders ``outside``: what the structure tests read."""
    package = Path(songngu.__file__).parent
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package)
        if relative.parts[0] not in outside:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                yield relative, node


HEAVY = ("torch", "transformers", "ctranslate2", "ray")  # ray: only translate --ray imports it


def python(code: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter from the checkout's root, where a stray ``translate`` would be found."""
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd, timeout=300, check=True
    )


@pytest.mark.parametrize("first", ["songngu", "translate-toolkit"])
def test_songngu_and_translate_toolkit_import_side_by_side(first: str) -> None:
    imports = {
        "songngu": "import songngu.cli.main, songngu.review.po",
        "translate-toolkit": "from translate.storage import po; import translate.__version__ as v",
    }
    second = next(name for name in imports if name != first)
    code = (
        f"{imports[first]}\n{imports[second]}\n"
        "import json, songngu, translate\n"
        "from translate.storage import po\n"
        "store = po.pofile()\n"
        "unit = store.addsourceunit('Xin chào'); unit.target = 'Hello'\n"
        "print(json.dumps([songngu.__version__, translate.__file__, str(store.units[-1].target)]))\n"
    )
    version, toolkit_file, target = json.loads(python(code).stdout)
    assert version == songngu.__version__
    assert "site-packages" in toolkit_file and not toolkit_file.startswith(str(ROOT / "translate"))
    assert target == "Hello"


def test_translate_toolkit_reads_our_po_files(tiny_model: Path, tmp_path: Path) -> None:
    out = tmp_path / "aligned"
    assert main(translate_argv(SEEDS / "003_51d24c9f3e5c9daa.txt", tiny_model, out)) == 0
    from translate.storage import factory

    store = factory.getobject(str(out / "003_51d24c9f3e5c9daa.po"))
    units = [u for u in store.units if not u.isheader()]
    assert units and all(u.isfuzzy() and u.target for u in units)
    assert units[0].getcontext() == "1.1"


def test_songngu_version_prints_the_version() -> None:
    script = Path(sys.executable).with_name("songngu")
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert result.stdout.strip() == f"songngu {songngu.__version__}"


def test_commands_that_do_not_translate_never_load_torch(translated_seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "aligned"
    shutil.copytree(translated_seeds, out)  # review files to score and check
    (out / "report.md").unlink()
    doc = SEEDS / "000_df3434ea04ffe04a.txt"
    reference = SEEDS / "references" / "000_df3434ea04ffe04a.en.txt"
    commands = [
        ["glossary", "--glossary", str(GLOSSARY), "list"],
        ["segment", str(doc)],
        ["align", str(doc), str(reference), "--json"],
        ["score", str(out), "--refs", str(SEEDS / "references"), "--glossary", str(GLOSSARY), "--json"],
        ["review", "status", str(out), "--glossary", str(GLOSSARY)],
    ]
    code = (
        "import contextlib, io, json, sys\n"
        "from songngu.cli.main import main\n"
        "codes = []\n"
        "for argv in json.loads(sys.argv[1]):\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        codes.append(main(argv))\n"
        f"print(json.dumps([codes, sorted(m for m in {HEAVY!r} if m in sys.modules)]))\n"
    )
    codes, loaded = json.loads(python(code, json.dumps(commands), cwd=tmp_path).stdout)
    assert codes == [0] * len(commands)
    assert loaded == []
    assert os.path.exists(out / "report.md")  # score really ran


STAGES = ("documents", "glossary", "translation", "backends", "review", "scoring")


def stage_imports() -> dict[str, dict[str, set[str]]]:
    """For each stage package: the other songngu packages it imports, and from which files."""
    found: dict[str, dict[str, set[str]]] = {stage: {} for stage in STAGES}
    for path, node in library_nodes():
        stage = path.parts[0]
        if stage not in STAGES:
            continue
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        for name in names:
            parts = name.split(".")
            if parts[0] == "songngu" and len(parts) > 1 and parts[1] != stage:
                found[stage].setdefault(parts[1], set()).add(path.name)
    return found


def assert_no_cycle(graph: dict[str, set[str]]) -> None:
    """Fails naming the cycle, if following ``graph``'s edges from some node comes back to it."""
    done: set[str] = set()

    def visit(node: str, path: tuple[str, ...]) -> None:
        assert node not in path, f"import cycle: {' -> '.join((*path[path.index(node) :], node))}"
        if node not in done:
            for target in sorted(graph[node]):
                visit(target, (*path, node))
            done.add(node)

    for node in sorted(graph):
        visit(node, ())


def test_the_stages_import_each_other_in_one_direction_and_never_the_apps_above_them() -> None:
    """Stages used to import each other in circles (the pipeline imported review, the workbench
    imported scoring and the translation memory, scoring imported review and the memory)."""
    imports = stage_imports()
    for stage, targets in imports.items():
        above = {t: files for t, files in targets.items() if t in ("app", "cli")}
        assert not above, f"{stage} imports {above}"
    assert_no_cycle({stage: {t for t in targets if t in STAGES} for stage, targets in imports.items()})


# Where a review file's suffix may be written out: the layout itself; the suffixes a returned
# XLIFF file may have (review/xliff.py); how an input file is named (documents/text.py, below
# the review stage); and `songngu align`'s own output folder (scoring/aligned.py).
SUFFIX_OWNERS = ("review/layout.py", "review/xliff.py", "documents/text.py", "scoring/aligned.py")


def test_review_file_names_are_built_in_one_module() -> None:
    """NAME.po, NAME.tsv, NAME.mt.tmx … were f-strings in about ten modules; review/layout.py owns them."""
    suffixes = (".po", ".tsv", ".tmx", ".mt.tmx", ".xlf", ".en.txt")
    found = []
    for path, node in library_nodes():
        if path.as_posix() in SUFFIX_OWNERS:
            continue
        if isinstance(node, ast.Constant) and node.value in suffixes:
            found.append(f"{path.name}:{node.lineno}")
        if isinstance(node, ast.JoinedStr):
            for before, part in zip(node.values, node.values[1:]):
                if (
                    isinstance(before, ast.FormattedValue)
                    and isinstance(part, ast.Constant)
                    and str(part.value).startswith(suffixes)
                ):
                    found.append(f"{path.name}:{node.lineno}")
    assert not found, f"review file names built outside review/layout.py: {found}"


def test_the_library_never_sees_argparse() -> None:
    """backends/ declared their flags on argparse groups and cli/translate.py read argparse's
    private ``_group_actions``; a backend's options are data now, made flags by cli/ alone."""
    seen = []
    for path, node in library_nodes(outside=("cli",)):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        seen += [str(path) for name in names if name.split(".")[0] == "argparse"]
    assert seen == []
    cli = Path(songngu.__file__).parent / "cli"
    assert "_group_actions" not in "".join(p.read_text(encoding="utf-8") for p in cli.glob("*.py"))


def command_line_flags() -> set[str]:
    import argparse

    from songngu.cli.main import build_parser

    flags: set[str] = set()
    parsers = [build_parser()]
    while parsers:
        parser = parsers.pop()
        for action in parser._actions:
            flags.update(s for s in action.option_strings if s.startswith("--"))
            if isinstance(action, argparse._SubParsersAction):
                parsers.extend(action.choices.values())
    return flags - {"--help"}


def test_the_library_s_errors_never_name_a_command_line_flag() -> None:
    """A Python caller of run() was told "--out X is a file"; cli/ names the flags (and checks them
    before loading a model), the library names the thing."""
    import re

    flags = command_line_flags()
    assert {"--out", "--model", "--glossary", "--backend"} <= flags
    named = []
    for path, node in library_nodes(outside=("cli",)):
        if isinstance(node, ast.Raise) and node.exc is not None:
            text = " ".join(
                str(c.value)
                for c in ast.walk(node.exc)
                if isinstance(c, ast.Constant) and isinstance(c.value, str)
            )
            named += [
                f"{path}:{node.lineno} {flag}"
                for flag in re.findall(r"--[a-z][a-z-]*", text)
                if flag in flags
            ]
    assert named == []


def test_no_module_imports_another_that_imports_it_back() -> None:
    """documents/text.py imported documents/formats.py inside a function to hide a loop (formats
    imports text); the dispatch lives above both now (documents/reader.py). Imports inside functions
    count: hiding a loop there is still a loop."""
    graph: dict[str, set[str]] = {}
    for path, node in library_nodes():
        module = ".".join(("songngu", *path.with_suffix("").parts)).removesuffix(".__init__")
        found = graph.setdefault(module, set())
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("songngu."):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    assert_no_cycle({m: {t for t in targets if t in graph and t != m} for m, targets in graph.items()})


# -- one home for each rule (#34) ------------------------------------------------------------------


def _call_name(node: ast.Call) -> str:
    return ast.unparse(node.func)


def test_translate_takes_the_folder_lock_once(tiny_model: Path, tmp_path: Path, monkeypatch) -> None:
    """`songngu translate` wrote the files under the lock, let go, scored under it again and recorded
    the state under it a third time: a workbench save could land between the steps."""
    import filelock

    taken: list[str] = []
    acquire = filelock.FileLock.acquire

    def counted(self: filelock.FileLock, *args: object, **kwargs: object) -> object:
        taken.append(Path(self.lock_file).name)
        return acquire(self, *args, **kwargs)

    monkeypatch.setattr(filelock.FileLock, "acquire", counted)
    out = tmp_path / "aligned"
    doc = SEEDS / "000_df3434ea04ffe04a.txt"
    argv = [*translate_argv(doc, tiny_model, out), "--refs", str(SEEDS / "references")]
    assert main(argv) in (0, 1)
    assert taken.count(".songngu.lock") == 1, taken
    assert (out / "report.md").is_file()  # the job scored the folder under that one lock
    # ... and recorded the state after scoring, so a second run finds the document current.
    taken.clear()
    assert main(argv) in (0, 1)
    assert taken.count(".songngu.lock") == 1


def test_the_glossary_option_is_declared_once() -> None:
    """--glossary was declared in five places with five defaults and help texts."""
    declared = [
        f"{path}:{node.lineno}"
        for path, node in library_nodes()
        if isinstance(node, ast.Call)
        and _call_name(node).endswith("add_argument")
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and node.args[0].value == "--glossary"
    ]
    assert [d.split(":")[0] for d in declared] == ["cli/options.py"], declared


@pytest.mark.parametrize("wording", ["glossary not found", ": cannot read"])
def test_a_message_is_worded_in_one_place(wording: str) -> None:
    """'glossary not found' was worded twice and '{path}: cannot read (…)' five times (a piece of an
    f-string after the path starts with ': cannot read')."""
    found = [
        f"{path}:{node.lineno}"
        for path, node in library_nodes()
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith(wording)
    ]
    found += [
        f"{path}:{node.lineno}"
        for path, node in library_nodes()
        if wording[0] != ":"
        and isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and wording in node.value
        and not node.value.startswith(wording)
    ]
    assert len(found) == 1, found


def test_white_space_is_folded_and_words_are_found_in_one_place() -> None:
    """' '.join(text.split()) was written out six times, and 'any(ch.isalpha() for ch in text)' twice
    (has_words and review/checks.py's _letters) under two names."""
    folds, letters = [], []
    for path, node in library_nodes():
        if (
            isinstance(node, ast.Call)
            and _call_name(node) == "' '.join"
            and node.args
            and isinstance(node.args[0], ast.Call)
            and isinstance(node.args[0].func, ast.Attribute)
            and node.args[0].func.attr == "split"
            and not node.args[0].args
        ):
            folds.append(f"{path}:{node.lineno}")
        if isinstance(node, ast.GeneratorExp) and isinstance(node.elt, ast.Call):
            test = node.elt.func
            if isinstance(test, ast.Attribute) and test.attr == "isalpha" and not node.elt.args:
                letters.append(f"{path}:{node.lineno}")  # any(ch.isalpha() for ch in text)
    assert [f.split(":")[0] for f in folds] == ["documents/text.py"], folds
    assert [f.split(":")[0] for f in letters] == ["documents/text.py"], letters


ENGINES = ("songngu.backends.marian", "songngu.backends.ct2")


def test_no_module_imports_an_engine_and_the_run_asks_nothing_the_protocol_lacks() -> None:
    """ct2.py and cli/translate.py imported helpers every backend uses from backends/marian.py, and
    app/run.py read optional backend members with getattr (chunk_size, stats.placed)."""
    imported, guessed = [], []
    for path, node in library_nodes():
        if isinstance(node, ast.ImportFrom) and node.module in ENGINES:
            imported.append(f"{path}:{node.lineno} {node.module}")
        if (
            path.parts[0] == "app"
            and isinstance(node, ast.Call)
            and _call_name(node) in ("getattr", "hasattr")
            and node.args
            and ast.unparse(node.args[0]).startswith("backend")
        ):
            guessed.append(f"{path}:{node.lineno}")
    assert imported == [] and guessed == []
    from songngu.backends import Backend

    assert {"chunk_size", "close", "stats"} <= set(dir(Backend)) | set(Backend.__annotations__)


def test_heavy_libraries_are_imported_only_in_backends() -> None:
    """songngu/testing.py imported torch outside backends/, the package that promises to be the only one."""
    heavy = (*HEAVY, "sentencepiece")
    found = []
    for path, node in library_nodes(outside=("backends",)):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        found += [f"{path}:{node.lineno} {n}" for n in names if n.split(".")[0] in heavy]
    assert found == []


def test_only_scoring_computes_metrics_and_the_workbench_aligns_through_it() -> None:
    """The workbench aligned each document and computed chrF++ with its own sacrebleu metric."""
    found = []
    for path, node in library_nodes(outside=("scoring",)):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        found += [
            f"{path} {n}" for n in names if n.split(".")[0] == "sacrebleu" or n == "songngu.scoring.align"
        ]
    # The aligner's own callers: `songngu align` prints links, and --compare aligns both runs without
    # MT so that their segments pair up; neither scores a link itself.
    assert sorted(set(found)) == [
        "app/compare.py songngu.scoring.align",
        "cli/align.py songngu.scoring.align",
    ]


def test_an_entry_s_status_and_comment_lines_are_set_in_one_module() -> None:
    """The workbench's accept cleared fuzzy and the previous msgid, the TSV's and XLIFF's cleared only
    fuzzy: one accept gave two PO files (#32). review/entry.py owns them, as layout.py owns names."""
    owned = {"flags", "previous_msgid", "previous_msgctxt", "comment"}
    found = []
    for path, node in library_nodes():
        if path.as_posix() == "review/entry.py":
            continue
        targets = node.targets if isinstance(node, ast.Assign) else []
        targets += [node.target] if isinstance(node, ast.AugAssign) else []
        for target in targets:
            for element in target.elts if isinstance(target, ast.Tuple) else [target]:
                if isinstance(element, ast.Attribute) and element.attr in owned:
                    found.append(f"{path}:{node.lineno} .{element.attr} =")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("append", "remove")
            and isinstance(node.func.value, ast.Attribute)
            and node.func.value.attr == "flags"
        ):
            found.append(f"{path}:{node.lineno} .flags.{node.func.attr}")
    assert found == []
