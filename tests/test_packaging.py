"""coldstart installs under the import name `coldstart`, never `app`, so it lives beside any other project."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import tomllib
import venv
from pathlib import Path

import coldstart
import pytest

REPO = Path(__file__).resolve().parent.parent
SOURCE = Path(coldstart.__file__).resolve().parent


def test_every_source_package_is_listed_for_the_wheel() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"]) - {"coldstart.bundled"}
    on_disk = {
        ".".join(("coldstart", *init.parent.relative_to(SOURCE).parts)) for init in SOURCE.rglob("__init__.py")
    }
    assert listed == on_disk


def _run(*command: str | Path, cwd: Path | None = None) -> str:
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True, cwd=cwd)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.mark.xdist_group("packaging")
def test_the_wheel_works_beside_a_distribution_that_ships_app(tmp_path: Path) -> None:
    # Build coldstart's wheel and a dummy distribution whose top-level package is `app`.
    wheels = tmp_path / "wheels"
    _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", wheels, REPO)
    dummy = tmp_path / "dummy"
    (dummy / "app").mkdir(parents=True)
    (dummy / "app" / "__init__.py").write_text("WHO = 'the other project'\n")
    (dummy / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n'
        '[project]\nname = "other-app"\nversion = "1.0"\n[tool.setuptools]\npackages = ["app"]\n'
    )
    _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", wheels, dummy)

    # A fresh venv that borrows this environment's dependencies (no network), then gets both wheels.
    target = tmp_path / "venv"
    venv.create(target, with_pip=True)
    python = target / "bin" / "python"
    site_packages = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip())
    (site_packages / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    # The dummy goes in first and coldstart second, then the other way round: neither may break the other.
    for wheel in sorted(wheels.glob("*.whl"), key=lambda path: not path.name.startswith("other_app")):
        _run(python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel)

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    assert _run(target / "bin" / "coldstart", "--version", cwd=outside).strip() == f"coldstart {coldstart.__version__}"
    assert "no problems" in _run(python, "-m", "coldstart", "validate", cwd=outside)
    assert _run(python, "-c", "import app; print(app.WHO)", cwd=outside).strip() == "the other project"

    # Removing the other project leaves coldstart whole.
    _run(python, "-m", "pip", "uninstall", "-q", "-y", "other-app")
    assert _run(target / "bin" / "coldstart", "--version", cwd=outside).strip() == f"coldstart {coldstart.__version__}"


def test_the_license_file_matches_the_metadata() -> None:
    from importlib.metadata import metadata

    declared = metadata("coldstart")
    assert declared["License-Expression"] == "MIT"
    assert (REPO / "LICENSE").read_text().startswith("MIT License")
    assert "Topic :: Education" in declared.get_all("Classifier")
