"""The formats songngu reads, by suffix: the one list every reader, folder walk and writer uses.

A Word-like or web-like format is a layout class (blocks of styled runs, rendered back in English)
named here by module and class, imported only when a file of that kind is opened (python-docx
and lxml are not loaded for a text file). Adding a format (.odt, XLIFF) is one module with its
layout class and one line below.
"""

from __future__ import annotations

# suffix -> (module, class) of the layout that reads and rebuilds it
LAYOUTS = {
    ".docx": ("songngu.documents.docx", "DocxLayout"),
    ".html": ("songngu.documents.html", "HtmlLayout"),
    ".htm": ("songngu.documents.html", "HtmlLayout"),
}
FORMATTED_SUFFIXES = tuple(LAYOUTS)
# What songngu translates: plain text (one paragraph a line) and the formats above.
DOCUMENT_SUFFIXES = (".txt", *FORMATTED_SUFFIXES)
# The English documents songngu writes beside the review files (NAME.en.txt, .en.docx, …): never sources.
ENGLISH_SUFFIXES = tuple(f".en{suffix}" for suffix in DOCUMENT_SUFFIXES)
# Formats a folder lists so that they are refused with advice, not silently left out.
REFUSED_SUFFIXES = (".doc",)
