"""Review files: msgmerge-style merging and the PO, TSV and TMX formats a reviewer opens."""
