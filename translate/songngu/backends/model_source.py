"""Where a model comes from and where it runs: what every backend (and the command line) asks
before any model is loaded. No heavy library is imported at module level here; ``resolve_device``
imports torch when it is called, from a backend that is loading a model anyway."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from urllib.parse import urlparse

from songngu.errors import ModelLoadError


def resolve_device(device: str) -> str:
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise ModelLoadError(
            "the cuda device was asked for, but no CUDA GPU is visible to torch; use the cpu or auto device"
        )
    return device


def load_error_message(model: str, error: BaseException, downloading: bool = False) -> str:
    local = Path(model).exists()
    where = f"the directory {model}" if local else f"'{model}'"
    hint = (
        # 'model download' itself failed: the advice to run it would send the user in a circle.
        "this machine cannot fetch it: run the same 'songngu model download' on a machine that reaches "
        "the Hugging Face Hub and copy the folder here"
        if downloading and not local
        else "check that it holds config.json, the weights, source.spm, target.spm and vocab.json "
        "(as written by 'songngu model download DIR')"
        if local
        else "on a connected machine run 'songngu model download DIR' and then translate with the model in DIR "
        "('make translate MODEL=DIR' with make), or set HF_HUB_OFFLINE=1 once the model is in the "
        "Hugging Face cache"
    )
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return f"cannot load the translation model from {where}: {reason[:200]}; {hint}"


def holds_files(directory: Path) -> bool:
    """Whether ``directory`` is a file, or a folder with something in it: a download does not replace it unasked."""
    return directory.exists() and (not directory.is_dir() or any(directory.iterdir()))


def missing_model_folder(model: str) -> bool:
    """A model given as a folder (not a hub id) that is not there."""
    return looks_like_a_path(model) and not Path(model).expanduser().is_dir()


def looks_like_a_path(model: str) -> bool:
    """A --model the user meant as a folder: a hub id is "owner/name", nothing more."""
    return model.startswith(("/", ".", "~")) or model.endswith("/") or model.count("/") > 1 or "\\" in model


def check_model_source(model: str, downloading: bool = False) -> None:
    """Fail at once, in one line, when the model can be neither read from disk nor fetched.

    A folder that is not there is said to be so (not "Repo id must be in the form…"); a hub id
    that is not in the cache, on a machine that cannot reach the Hub, fails in seconds instead of
    after the download's retries.
    """
    if looks_like_a_path(model):
        if missing_model_folder(model):
            raise ModelLoadError(
                f"{model}: no such model folder; give the folder 'songngu model download DIR' wrote"
            )
        return
    if Path(model).is_dir() or os.environ.get("HF_HUB_OFFLINE") == "1":
        return
    from huggingface_hub import constants, try_to_load_from_cache

    if isinstance(try_to_load_from_cache(model, "config.json"), str):
        return
    host = urlparse(constants.ENDPOINT).hostname or "huggingface.co"
    try:
        socket.create_connection((host, 443), timeout=3).close()
    except OSError as error:
        raise ModelLoadError(
            load_error_message(model, OSError(f"cannot reach {host} ({error})"), downloading)
        ) from None
