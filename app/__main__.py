"""`python -m coldstart` runs the same as the `coldstart` command."""

from .cli import main

raise SystemExit(main())
