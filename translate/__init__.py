"""songngu: Vietnamese documents into reviewed English versions with MarianMT.

The stages pass plain frozen dataclasses to each other (see ``document``);
files are read and written only by ``pipeline``, ``review`` and ``cli``.
"""

__version__ = "0.1.0"
