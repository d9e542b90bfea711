"""Plain-text tables for the terminal."""

from __future__ import annotations

from collections.abc import Sequence


def render_table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], *, numeric_right: bool = True
) -> str:
    cells = [[str(h) for h in headers], *[["" if c is None else str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        parts = []
        for i, cell in enumerate(row):
            right = numeric_right and _looks_numeric(cell)
            parts.append(cell.rjust(widths[i]) if right else cell.ljust(widths[i]))
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])


def percent(part: int, whole: int) -> str:
    """``part`` of ``whole`` as "97.5%", or "-" when there is nothing to count (no required terms)."""
    return f"{100 * part / whole:.1f}%" if whole else "-"


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """ "1 sentence", "2 sentences", "1 entry", "3 entries": a count with its noun in agreement."""
    if number == 1:
        return f"1 {noun}"
    return f"{number} {plural or (noun[:-1] + 'ies' if noun.endswith('y') else noun + 's')}"


def _looks_numeric(cell: str) -> bool:
    return (
        bool(cell)
        and cell.replace(".", "", 1).replace("%", "").replace("/", "").replace("-", "", 1).isdigit()
    )
