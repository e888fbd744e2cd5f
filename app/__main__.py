"""`python -m app` runs the same as the `coldstart` command."""

from app.cli import main

raise SystemExit(main())
