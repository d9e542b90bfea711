"""songngu: Vietnamese documents into reviewed English versions with MarianMT.

The folder tree reads as the data flow; each stage takes and returns plain
frozen dataclasses, and files are read and written only at the edges
(``translation.pipeline``, ``scoring.folder``, ``review`` readers, ``cli``)::

    documents/    text files -> Document(paragraphs) -> Segment("p.s", text)   (text, segment)
    glossary/     terms.tsv -> Glossary -> TermHit per segment                  (terms, matching,
                  dates/URLs/numbers -> more TermHits                            rules, hits,
                  names the glossary lacks; CSV/TBX exchange                     suggest, exchange)
    translation/  Segment + hits -> TranslationRequest(model_input, required)   (requests)
                  requests -> pieces that fit the model, joined back after     (pieces)
                  the run: memory first, backend for the rest, then review files (pipeline, memory,
                                                                                   summary)
    backends/     one class per engine behind the Backend protocol; the only
                  place torch, transformers and ctranslate2 are imported        (marian, ct2,
                                                                                   constraint, beams)
    review/       msgmerge-style merge; PO, TSV, TMX and the English document   (merge, po, tsv,
                                                                                   tmx, pairs)
    scoring/      alignment (one DP core) -> sacrebleu metrics + term success  (align, score,
                  -> Markdown/HTML/JSON reports; a folder of PO files scored    report, folder)
    cli/          argument parsing and messages only, one module per command group

Only ``songngu translate`` and ``songngu model download`` load torch; every other
command starts in a tenth of a second.
"""

__version__ = "0.1.0"
