"""songngu: Vietnamese documents into reviewed English versions with MarianMT.

The folder tree reads as the data flow; each stage takes and returns plain
frozen dataclasses, and files are read and written only at the edges
(``app``, the ``review`` readers, ``cli``). The stages import each other in one direction,
never ``app`` or ``cli`` (tests/test_structure.py)::

    documents/    text files -> Document(paragraphs) -> Segment("p.s", text)   (text, segment,
                  Word and web pages as blocks of styled runs; the format list  docx, html,
                                                                                   registry)
    glossary/     terms.tsv -> Glossary -> TermHit per segment                  (terms, matching,
                  dates/URLs/numbers -> more TermHits                            rules, hits,
                  names the glossary lacks; CSV/TBX exchange                     suggest, exchange)
    translation/  Segment + hits -> TranslationRequest(model_input, required)   (requests)
                  requests -> pieces that fit the model, joined back after     (pieces)
                  the translation memory                                          (memory)
    backends/     one class per engine behind the Backend protocol; the only
                  place torch, transformers and ctranslate2 are imported        (marian, ct2,
                                                                                   constraint, beams)
    review/       msgmerge-style merge; PO, TSV, TMX and the English document   (merge, po, tsv,
                                                                                   tmx, pairs)
    scoring/      alignment (one DP core) -> sacrebleu metrics + term success  (align, score,
                  -> Markdown/HTML/JSON reports                                  report, references)
    app/          what drives a whole job: a translate run and its summary,    (run, summary,
                  scoring a folder, review apply, the review workbench          score_folder, apply,
                  (what it shows and changes, its web server, its page)         workbench, web)
    cli/          argument parsing and messages only, one module per command group

Only ``songngu translate`` and ``songngu model download`` load torch; every other
command starts in a tenth of a second.
"""

__version__ = "0.1.0"
