"""Score reports: a Markdown table, a self-contained HTML page with a chart, and JSON. Pure formatting."""

from __future__ import annotations

import html
from dataclasses import dataclass

from songngu.scoring.score import CorpusScore, DocumentScore
from songngu.table import percent


@dataclass(frozen=True)
class ReportContext:
    model: str
    glossary: str
    tool: str
    without_reference: tuple[str, ...] = ()  # documents of the folder that were not scored


def table_rows(corpus: CorpusScore) -> list[tuple[str, ...]]:
    rows = [
        (
            d.name,
            str(len(d.segments)),
            f"{d.bleu:.1f}",
            f"{d.chrf:.1f}",
            f"{d.ter:.1f}",
            f"{d.terms_found}/{d.terms_required}",
            percent(d.terms_found, d.terms_required),
        )
        for d in corpus.documents
    ]
    segments = sum(len(d.segments) for d in corpus.documents)
    rows.append(
        (
            "corpus",
            str(segments),
            f"{corpus.bleu:.1f}",
            f"{corpus.chrf:.1f}",
            f"{corpus.ter:.1f}",
            f"{corpus.terms_found}/{corpus.terms_required}",
            percent(corpus.terms_found, corpus.terms_required),
        )
    )
    return rows


HEADERS = ("document", "segments", "BLEU", "chrF++", "TER", "terms", "term success")


def worst_segments(corpus: CorpusScore, count: int = 10) -> list[tuple[str, str, float, str, str, str]]:
    """The lowest-scoring aligned segments: document, ids, chrF++, Vietnamese, machine, reference."""
    items = [
        (d.name, "+".join(s.source_ids) or "-", s.chrf, s.source, s.hypothesis, s.reference)
        for d in corpus.documents
        for s in d.segments
    ]
    return sorted(items, key=lambda item: item[2])[:count]


def unscored_note(context: ReportContext) -> str:
    if not context.without_reference:
        return ""
    return f"Not scored (no reference translation): {', '.join(context.without_reference)}."


def markdown_cell(text: str) -> str:
    """``text`` as one table cell: a "|" escaped (Markdown renders ``\\|`` as "|"), never altered."""
    return text.replace("\\", "\\\\").replace("|", "\\|")


def to_markdown(corpus: CorpusScore, context: ReportContext) -> str:
    lines = [
        "# songngu score report",
        "",
        f"Model `{context.model}`, glossary `{context.glossary}`, {context.tool}.",
        "",
    ]
    lines += ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    lines += ["| " + " | ".join(row) + " |" for row in table_rows(corpus)]
    if context.without_reference:
        lines += ["", unscored_note(context)]
    lines += [
        "",
        "## Look here first (lowest sentence chrF++)",
        "",
        "| document | sentence | chrF++ | Vietnamese | machine | reference |",
        "|---|---|---|---|---|---|",
    ]
    for name, ids, chrf, source, hyp, ref in worst_segments(corpus):
        cells = (source, hyp, ref)
        lines.append(f"| {name} | {ids} | {chrf:.1f} | " + " | ".join(markdown_cell(c) for c in cells) + " |")
    lines += ["", "## Signatures", ""] + [
        f"- {name}: `{signature}`" for name, signature in corpus.signatures.items()
    ]
    return "\n".join(lines) + "\n"


def _chart(doc: DocumentScore) -> str:
    """An inline SVG bar chart of sentence chrF++ (0-100), red to green."""
    width, height, bar, gutter = 12, 120, 10, 28
    bars = [
        f'<text x="{gutter - 4}" y="{height - height * v / 100 + 4:.0f}" font-size="10" text-anchor="end" fill="#666">{v}</text>'
        for v in (0, 50, 100)
    ]
    for index, segment in enumerate(doc.segments):
        value = max(0.0, min(100.0, segment.chrf))
        h = height * value / 100
        hue = int(120 * value / 100)
        label = html.escape(f"{'+'.join(segment.source_ids) or '-'}: chrF++ {segment.chrf:.1f}")
        bars.append(
            f'<rect x="{gutter + index * width}" y="{height - h:.1f}" width="{bar}" height="{max(h, 1):.1f}" '
            f'fill="hsl({hue},70%,45%)"><title>{label}</title></rect>'
        )
    total = gutter + max(len(doc.segments) * width, width)
    return (
        f'<svg width="{total}" height="{height + 14}" viewBox="0 -6 {total} {height + 14}" role="img" '
        f'aria-label="sentence chrF++ of {html.escape(doc.name)}">'
        f'<line x1="{gutter}" y1="{height / 2}" x2="{total}" y2="{height / 2}" stroke="#ccc" stroke-dasharray="3"/>'
        + "".join(bars)
        + "</svg>"
    )


def to_html(corpus: CorpusScore, context: ReportContext) -> str:
    def cells(row: tuple[str, ...], tag: str = "td") -> str:
        return "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in row)

    table = (
        f"<table><tr>{cells(HEADERS, 'th')}</tr>"
        + "".join(f"<tr>{cells(r)}</tr>" for r in table_rows(corpus))
        + "</table>"
    )
    charts = "".join(
        f"<h3>{html.escape(d.name)} <small>chrF++ {d.chrf:.1f}</small></h3>{_chart(d)}"
        for d in corpus.documents
    )
    worst = "".join(
        f"<tr><td>{html.escape(n)}</td><td>{html.escape(i)}</td><td>{c:.1f}</td><td lang=vi>{html.escape(s)}</td>"
        f"<td>{html.escape(h)}</td><td>{html.escape(r)}</td></tr>"
        for n, i, c, s, h, r in worst_segments(corpus)
    )
    unscored = f"<p>{html.escape(unscored_note(context))}</p>" if context.without_reference else ""
    legend = (
        '<p class="legend">Bar colour follows the score: '
        '<span style="background:hsl(0,70%,45%)"></span> 0 (read first) '
        '<span style="background:hsl(60,70%,45%)"></span> 50 '
        '<span style="background:hsl(120,70%,45%)"></span> 100; the dashed line marks 50.</p>'
    )
    signatures = "".join(
        f"<li>{html.escape(k)}: <code>{html.escape(v)}</code></li>" for k, v in corpus.signatures.items()
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>songngu score report</title>
<style>body{{font-family:system-ui,sans-serif;margin:2em;max-width:70em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ddd;padding:.3em .6em;vertical-align:top}}th{{background:#f4f4f4}}
small{{color:#666;font-weight:normal}}
.legend span{{display:inline-block;width:1em;height:1em;vertical-align:middle;margin:0 .2em 0 .6em}}</style></head>
<body><h1>songngu score report</h1>
<p>Model <code>{html.escape(context.model)}</code>, glossary <code>{html.escape(context.glossary)}</code>, {html.escape(context.tool)}.</p>
{table}
{unscored}
<h2>Sentence chrF++ per document</h2><p>One bar per aligned sentence, in document order (0 to 100); hover for the sentence id.</p>
{legend}
{charts}
<h2>Look here first</h2><table><tr><th>document</th><th>sentence</th><th>chrF++</th><th>Vietnamese</th><th>machine</th><th>reference</th></tr>{worst}</table>
<h2>Signatures</h2><ul>{signatures}</ul>
</body></html>
"""


def to_json(corpus: CorpusScore, context: ReportContext) -> dict:
    return {
        "model": context.model,
        "glossary": context.glossary,
        "tool": context.tool,
        "without_reference": list(context.without_reference),
        "signatures": corpus.signatures,
        "corpus": {
            "bleu": corpus.bleu,
            "chrf": corpus.chrf,
            "ter": corpus.ter,
            "terms_found": corpus.terms_found,
            "terms_required": corpus.terms_required,
        },
        "documents": [
            {
                "name": d.name,
                "bleu": d.bleu,
                "chrf": d.chrf,
                "ter": d.ter,
                "terms_found": d.terms_found,
                "terms_required": d.terms_required,
                "segments": [
                    {
                        "source_ids": list(s.source_ids),
                        "bleu": s.bleu,
                        "chrf": s.chrf,
                        "ter": s.ter,
                        "hypothesis": s.hypothesis,
                        "reference": s.reference,
                    }
                    for s in d.segments
                ],
            }
            for d in corpus.documents
        ],
    }
