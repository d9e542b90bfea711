"""A backend spread over a Ray cluster: one model per worker, batches of sentences sent to them.

``songngu translate --ray [ADDRESS]`` runs the very same job as a single machine (reading,
term matching, the translation memory, merging reviews and writing every review file stay in
the driver, in the same code), and only the model's work goes to the cluster. Each worker is a
Ray actor that loads the chosen backend once (transformers or CTranslate2, CPU or GPU) and
translates the slices Ray's ``ActorPool`` hands it, with the glossary guarantee of that backend.
A slice is exactly what a run without Ray hands its backend at a time (``batch``: the
pipeline's chunk of sentences sorted by length), so each worker forms the same batches, and the
output files are byte for byte those of a run without Ray; the memory has one writer (the
driver commits each slice as it comes back), and the summary counts the same.

A worker that dies (a lost node, an out-of-memory kill) is restarted by Ray and its batch
retried (``max_restarts`` / ``max_task_retries``); a killed driver loses at most the batches in
flight, and a re-run takes every finished sentence from the memory. Without an address a local
Ray instance is started, so the same command works on a laptop. Ray is imported here only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from songngu.backends import CHUNK, Backend, BackendStats, FinishedCallback, ProgressCallback, load_backend
from songngu.translation.requests import TranslationRequest


class ModelWorker:
    """What runs on a worker: one loaded backend."""

    def __init__(self, kind: str, model: str, device: str, beams: int, options: dict[str, Any]) -> None:
        self.backend: Backend = load_backend(kind, model, device=device, beams=beams, **options)

    def describe(self) -> tuple[str, str, BackendStats]:
        return self.backend.name, self.backend.settings, self.backend.stats

    def pid(self) -> int:
        import os

        return os.getpid()

    def count_tokens(self, text: str) -> int:
        return self.backend.count_tokens(text)

    def translate(
        self, start: int, requests: list[TranslationRequest]
    ) -> tuple[int, list[str], dict[str, int]]:
        """The English of ``requests`` (which begin at ``start`` of the caller's list), and what the
        backend did beyond translating them (its stats' counts for these requests)."""
        before = dataclasses.asdict(self.backend.stats)
        english = self.backend.translate(requests)
        after = dataclasses.asdict(self.backend.stats)
        return start, english, {key: after[key] - before[key] for key in after}


class RayBackend:
    """The ``Backend`` protocol over a pool of Ray actors, each with the backend ``kind`` loaded."""

    def __init__(
        self,
        kind: str,
        model: str,
        *,
        address: str | None = None,
        workers: int | None = None,
        batch: int = CHUNK,
        device: str = "auto",
        beams: int = 4,
        **options: Any,
    ) -> None:
        import ray
        from ray.util import ActorPool

        self._ray = ray
        if not ray.is_initialized():
            ray.init(
                address=address,
                include_dashboard=False,
                log_to_driver=False,
                logging_level="ERROR",
                configure_logging=True,
            )
        gpu = device == "cuda" or (device == "auto" and ray.cluster_resources().get("GPU", 0) > 0)
        resource = "GPU" if gpu else "CPU"
        count = workers or max(1, int(ray.cluster_resources().get(resource, 1)))
        actor = ray.remote(
            num_cpus=0 if gpu else 1,
            num_gpus=1 if gpu else 0,
            max_restarts=-1,  # a worker that dies is started again ...
            max_task_retries=-1,  # ... and its batch sent again
        )(ModelWorker)
        self.workers = [
            actor.remote(kind, model, "cuda" if gpu else "cpu", beams, options) for _ in range(count)
        ]
        try:
            self.name, self.settings, stats = ray.get(self.workers[0].describe.remote())
        except ray.exceptions.RayError as error:  # the model did not load on the worker
            self.close()
            raise _cause(error) from None
        self.stats = type(stats)()  # the workers' kind of stats, added up here
        self._pool = ActorPool(self.workers)
        self.batch = batch
        # The pipeline hands over this many sentences at a time: a slice for every worker.
        self.chunk_size = batch * count

    def count_tokens(self, text: str) -> int:
        return int(self._ray.get(self.workers[0].count_tokens.remote(text)))

    def translate(
        self,
        requests: Sequence[TranslationRequest],
        progress: ProgressCallback | None = None,
        finished: FinishedCallback | None = None,
    ) -> list[str]:
        size = self.batch
        batches = [(start, list(requests[start : start + size])) for start in range(0, len(requests), size)]
        english: list[str] = [""] * len(requests)
        results = self._pool.map_unordered(lambda worker, batch: worker.translate.remote(*batch), batches)
        for start, texts, counts in results:
            english[start : start + len(texts)] = texts
            for key, count in counts.items():
                setattr(self.stats, key, getattr(self.stats, key) + count)
            if finished:
                finished([(start + i, text) for i, text in enumerate(texts)])
            if progress:
                progress(len(texts))
        return english

    def close(self) -> None:
        """Stop the workers (and the local Ray instance this backend started, if it did)."""
        for worker in self.workers:
            self._ray.kill(worker)
        self.workers = []


def _cause(error: Exception) -> Exception:
    """songngu's own error behind a worker's failure (a model that cannot load: one line), else one line."""
    from songngu.errors import SongnguError

    seen: Exception | None = error
    while seen is not None:
        if isinstance(seen, SongnguError):
            return SongnguError(str(seen))
        seen = getattr(seen, "cause", None) or seen.__cause__  # type: ignore[assignment]
    first = str(error).strip().splitlines()[-1] if str(error).strip() else type(error).__name__
    return SongnguError(f"the Ray workers could not load the model ({first[:200]})")
