"""``python -m translate`` is the same program as ``songngu``."""

from translate.cli import main

raise SystemExit(main())
