"""The term glossary: the term file, matching, rules for dates/URLs/numbers, suggestions, CSV/TBX exchange."""
