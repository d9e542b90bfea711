"""Where songngu looks when a command is given no path: the project layout."""

from __future__ import annotations

from pathlib import Path

SEEDS = Path("seeds")
REFERENCES = Path("seeds/references")
GLOSSARY = Path("glossary/terms.tsv")
ALIGNED = Path("aligned")
