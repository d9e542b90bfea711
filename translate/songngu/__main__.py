"""``python -m songngu`` is the same program as ``songngu``."""

from songngu.cli.main import main

raise SystemExit(main())
