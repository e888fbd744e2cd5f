"""The core knows nothing of the terminal: importing any core module must not import textual."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import coldstart.core

CORE = Path(coldstart.core.__file__).parent


def core_modules() -> list[str]:
    names = []
    for path in sorted(CORE.rglob("*.py")):
        parts = ("coldstart", *path.relative_to(CORE.parent).with_suffix("").parts)
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_core_modules_do_not_import_textual() -> None:
    modules = core_modules()
    assert len(modules) > 5
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "    assert 'textual' not in sys.modules, f'{name} imported textual'\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_only_the_ui_package_imports_textual() -> None:
    package = CORE.parent
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "ui" not in path.relative_to(package).parts[:1]
        # `textual` itself, not packages whose names start with it (app/web builds on textual_serve, which is aiohttp)
        and any(re.match(r"(import|from) textual(\.|\s|$)", line.lstrip()) for line in path.read_text().splitlines())
    ]
    assert offenders == []


def test_the_import_contracts_hold() -> None:
    """pyproject.toml's import-linter contracts: core imports neither UI nor CLI, UI not the CLI."""
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter)], capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
