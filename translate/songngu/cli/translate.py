"""``songngu translate`` and ``songngu model download``: the only commands that load a model.

Each backend names its own options as data (``OPTIONS``, of ``BackendOption``), the
way CTranslate2's converters each declare theirs; this module makes them flags (the
library never sees argparse), and an option of another backend than the one chosen
is refused rather than silently ignored.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from songngu import defaults
from songngu.backends import BACKENDS, BackendOption, backend_settings
from songngu.cli.options import add_glossary_options, add_xliff_option, glossary_path
from songngu.errors import SongnguError

DEFAULT_MODEL = defaults.DEFAULT_MODEL


def add_translate_commands(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "translate",
        help="translate documents and write review files under aligned/",
        description="Translate each document sentence by sentence and write NNN.po, NNN.tsv, NNN.tmx, NNN.xlf (for CAT "
        "tools) and NNN.en.txt; a Word document or web page also comes back whole in English (NNN.en.docx, NNN.en.html), "
        "structure and formatting kept. Existing review files are merged like msgmerge: reviewed or edited entries keep their "
        "English, untouched machine entries are refreshed, changed sentences become fuzzy with the old source "
        "as #| msgid, vanished ones become obsolete (#~). English edited in the TSV is folded in first. "
        "Finished sentences are kept in a translation memory, so an interrupted run resumes; a document whose "
        "source, settings and review files are as the last run left them is skipped. When references "
        "exist (--refs), the output is scored and aligned/report.md and report.html are written.",
    )
    p.add_argument(
        "docs",
        nargs="*",
        type=Path,
        help="text (.txt), Word (.docx) or web-page (.html) files, or folders of them (default: seeds/)",
    )
    p.add_argument(
        "--out", type=Path, default=defaults.ALIGNED, help="folder for the review files (default: aligned/)"
    )
    add_glossary_options(p, "terms are required from")
    p.add_argument(
        "--model", default=DEFAULT_MODEL, help=f"hub id or local directory (default: {DEFAULT_MODEL})"
    )
    p.add_argument(
        "--device",
        choices=("auto", "cpu", "cuda"),
        default="auto",
        help="where the model runs (default: auto, a CUDA GPU when there is one, else the CPU)",
    )
    p.add_argument("--backend", choices=tuple(BACKENDS), default="transformers")
    p.add_argument("--beams", type=_positive, default=4, help="beam size (default: 4)")
    for kind in BACKENDS:
        group = p.add_argument_group(f"{kind} backend")
        for option in backend_settings(kind):
            group.add_argument(_flag(option), dest=option.name, choices=option.choices, help=option.help)
    p.add_argument(
        "--refs",
        type=Path,
        default=defaults.REFERENCES,
        help="reference translations NNN.en.txt to score against",
    )
    add_xliff_option(p)
    group = p.add_argument_group("on a Ray cluster (pip install songngu[ray])")
    group.add_argument(
        "--ray",
        nargs="?",
        const="local",
        metavar="ADDRESS",
        help="translate on a Ray cluster: one model per worker, the same files as without it; without an "
        "address a local Ray instance is started (give 'auto' or ray://HOST:10001 to join a cluster)",
    )
    group.add_argument(
        "--workers", type=_positive, help="models to load on the cluster (default: one per CPU, or per GPU)"
    )
    p.add_argument("--quiet", action="store_true", help="no progress bars (translation or model download)")
    p.set_defaults(handler=cmd_translate)

    p = commands.add_parser("model", help="manage the translation model")
    model_commands = p.add_subparsers(title="model commands", metavar="ACTION")
    q = model_commands.add_parser(
        "download", help="save model and tokenizer in DIR for offline use (--model DIR)"
    )
    q.add_argument("directory", type=Path)
    q.add_argument(
        "--model",
        default=DEFAULT_MODEL,
        help=f"hub id or folder of the model to save (default: {DEFAULT_MODEL})",
    )
    q.add_argument("--force", action="store_true", help="replace DIR if it already holds files")
    q.set_defaults(handler=cmd_model_download)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _flag(option: BackendOption) -> str:
    return "--" + option.name.replace("_", "-")


def backend_options(args: argparse.Namespace) -> dict[str, Any]:
    """The chosen backend's own options; an option that belongs to another backend is an error."""
    for kind in BACKENDS:
        if kind == args.backend:
            continue
        for option in backend_settings(kind):
            if getattr(args, option.name) is not None:
                raise SongnguError(
                    f"{_flag(option)} applies to the {kind} backend, not {args.backend}; "
                    f"add --backend {kind} or leave it out"
                )
    return {
        option.name: getattr(args, option.name) or option.default for option in backend_settings(args.backend)
    }


class ProgressBar:
    """One bar for the run: sentences translated, and documents written as their groups finish."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: Any = None

    def start(self, total: int) -> Callable[[int], None]:
        from tqdm import tqdm

        self.bar = tqdm(
            total=total,
            unit="sent",
            desc="translating",
            disable=self.quiet,
            file=sys.stderr,
            dynamic_ncols=True,
        )
        return self.bar.update

    def documents(self, written: int, total: int) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(f"{written}/{total} documents written")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def cmd_translate(args: argparse.Namespace) -> int:
    from songngu.app.run import run
    from songngu.app.summary import print_summary
    from songngu.backends import load_backend
    from songngu.backends.model_source import missing_model_folder
    from songngu.cli.score import print_scored
    from songngu.documents.text import document_paths
    from songngu.glossary.terms import load_glossary_if_present

    paths = document_paths(args.docs, defaults.SEEDS)
    if args.quiet:  # the Hugging Face Hub's download bars too, not only songngu's own
        from huggingface_hub.utils import disable_progress_bars

        disable_progress_bars()
    # Said here, with the flags' names, before a model is loaded; the library says the same without them.
    if args.out.exists() and not args.out.is_dir():
        raise SongnguError(f"--out {args.out} is a file; give a folder for the review files")
    if missing_model_folder(args.model):
        raise SongnguError(
            f"--model {args.model}: no such directory; give the folder 'songngu model download DIR' wrote"
        )
    glossary = load_glossary_if_present(glossary_path(args))
    options = backend_options(args)
    if args.workers is not None and args.ray is None:
        raise SongnguError("--workers applies to a Ray run; add --ray (or --ray ADDRESS)")
    if args.ray is not None:
        backend = ray_backend(args, options)
    else:
        backend = load_backend(args.backend, args.model, device=args.device, beams=args.beams, **options)
    bar = ProgressBar(args.quiet)
    try:
        report = run(
            paths,
            backend,
            glossary,
            args.out,
            refs=args.refs,
            progress_factory=bar.start,
            xliff=args.xliff,
            documents_done=bar.documents,
        )
    finally:
        bar.close()
        backend.close()  # a Ray run's workers go as soon as the work is done
    for message in [*report.warnings, *report.failures]:
        print(f"songngu: {message}", file=sys.stderr)
    print_summary(report, args.out)
    print_scored(args.out, report.scored)
    return 1 if report.failures or report.missing_terms or report.conflicts else 0


def ray_backend(args: argparse.Namespace, options: dict[str, Any]) -> Any:
    import importlib.util

    if importlib.util.find_spec("ray") is None:
        raise SongnguError("--ray needs Ray: pip install 'songngu[ray]' (make setup installs it)")
    from songngu.backends import CHUNK
    from songngu.backends.ray_pool import RayBackend

    address = None if args.ray == "local" else args.ray
    return RayBackend(
        args.backend,
        args.model,
        address=address,
        workers=args.workers,
        batch=CHUNK,  # what a run without Ray hands its backend at a time: the same batches, the same English
        device=args.device,
        beams=args.beams,
        **options,
    )


def cmd_model_download(args: argparse.Namespace) -> int:
    from songngu.backends import download_model
    from songngu.backends.model_source import holds_files

    if holds_files(args.directory) and not args.force:
        raise SongnguError(
            f"{args.directory} already holds files (another model?); give a new or empty folder, "
            "or add --force to replace it"
        )
    directory = download_model(args.model, args.directory, force=args.force)
    print(f"saved {args.model} to {directory}; translate offline with --model {directory}")
    return 0
