"""Where songngu looks when a command is given no path: the project layout."""

from __future__ import annotations

from pathlib import Path

SEEDS = Path("seeds")
REFERENCES = Path("seeds/references")
GLOSSARY = Path("glossary/terms.tsv")
ALIGNED = Path("aligned")

# The model songngu was built for; a hub id, or pass a local directory with --model.
DEFAULT_MODEL = "Helsinki-NLP/opus-mt-vi-en"

# Seconds a workbench save or term edit waits for another writer (another request, a short
# command); a running `songngu translate` holds the folder far longer, and the save is refused.
WORKBENCH_WAIT = 10.0
