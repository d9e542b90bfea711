"""songngu: Vietnamese documents into reviewed English versions with MarianMT.

The folder tree reads as the data flow; each stage takes and returns plain
frozen dataclasses, and files are read and written only at the edges
(``app``, the ``review`` readers, ``cli``). The stages import each other in one direction,
never ``app`` or ``cli`` (tests/test_structure.py)::

    documents/    text files -> Document(paragraphs) -> Segment("p.s", text)   (reader, text, segment,
                  Word and web pages as blocks of styled runs; the format list  docx, html, formats,
                                                                                   inline, registry)
    glossary/     terms.tsv -> Glossary -> TermHit per segment                  (terms, matching,
                  dates/URLs/numbers -> more TermHits; "no glossary"           rules, hits,
                  names the glossary lacks; CSV/TBX exchange                     suggest, exchange)
    translation/  Segment + hits -> TranslationRequest(model_input, required)   (requests)
                  requests -> pieces that fit the model, joined back after     (pieces)
                  the translation memory (and which documents were written)    (memory)
    backends/     one class per engine on a shared base, options as data; the  (base, marian, ct2,
                  only place torch, transformers, ctranslate2, ray are imported constraint, beams,
                                                                                   ray_pool)
    review/       the folder's layout; msgmerge-style merge; PO, TSV, TMX,      (layout, merge, po,
                  XLIFF and the English document; checks; memory matches       tsv, tmx, xliff, ...)
    scoring/      alignment (one DP core; signals weighed in one cost)         (align, cost, signals,
                  -> sacrebleu metrics + term success -> reports                 score, report)
    app/          what drives a whole job: a translate run (which documents    (run, current, summary,
                  are current) and its summary, scoring a folder, review        score_folder, apply,
                  apply and check, the review workbench (logic, server, page)   check, workbench, web)
    cli/          argument parsing and messages only, one module per command group; the only
                  place argparse is imported and flags are named

Only ``songngu translate`` and ``songngu model download`` load torch; every other
command starts in a tenth of a second.
"""

__version__ = "0.1.0"
