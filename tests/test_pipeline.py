from pathlib import Path

import songngu.app.run as pipeline
from songngu.backends.marian import MarianBackend
from songngu.translation.memory import TranslationMemory
from songngu.translation.requests import TranslationRequest


def test_progress_reaches_every_sentence_repeats_and_memory_hits_included(tiny_model: Path) -> None:
    backend = MarianBackend(str(tiny_model), device="cpu", beams=2, max_batch_tokens=32)
    backend.chunk_size = 3  # several commits to the memory
    sources = ["Xin chào.", "Hội thảo trực tuyến.", "Xin chào.", "Hà Nội.", "Đà Nẵng.", "Xin chào.", "Huế."]
    requests = [TranslationRequest(s) for s in sources]
    memory = TranslationMemory(":memory:")
    for expected_model_work in (5, 0):  # the second run is served by the memory
        reports: list[int] = []
        result = pipeline.translate_with_memory(
            requests, sources, backend, memory, "v1", progress=reports.append
        )
        english = result.english
        assert result.translated == expected_model_work and result.errors == [None] * len(sources)
        assert sum(reports) == len(sources) and len(english) == len(sources)
        assert english[0] == english[2] == english[5]
