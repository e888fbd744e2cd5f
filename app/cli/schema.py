"""`coldstart schema [--out DIR]`: write a JSON Schema per kind of course file, for editors.

With the schemas and a `# yaml-language-server: $schema=...` first line, editors that speak the YAML
language server (VS Code's YAML extension, Neovim with yamlls, Helix, Zed, JetBrains IDEs) complete keys,
show what each key means and mark mistakes as you type. See "Editor support" in docs/authoring.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT_DIR = "schemas"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "schema",
        help="write JSON Schemas of the course files, for completion and checking in editors",
        description="Write one JSON Schema per kind of course file (course, topic, questions, exam) and list the "
        "files written. Existing schema files are replaced, so running it again refreshes them.",
    )
    parser.add_argument("--out", metavar="DIR", default=DEFAULT_DIR, help=f"the folder to write them to (default: ./{DEFAULT_DIR})")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..core.authoring.jsonschema import write_schemas
    from .common import error
    from .new import shown

    folder = Path(args.out)
    try:
        written = write_schemas(folder)
    except OSError as problem:
        error(f"cannot write the schemas to {folder}: {problem.strerror or problem}")
        return 1
    for path in written:
        print(shown(path))
    return 0
