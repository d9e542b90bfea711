"""The command line: argument parsing and messages only, one module per command group.

``main`` builds the parser from every group; a command's handler imports the
library modules it needs when it runs, so ``songngu glossary list`` never loads
what ``songngu translate`` needs (torch, transformers).
"""
