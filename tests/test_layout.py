"""Guard the source layout: site/ is a folder on the path, never a package."""

import importlib
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_settings_package_imports():
    module = importlib.import_module("demosite.settings.test")
    assert module.TIME_ZONE == "Asia/Shanghai"


def test_site_is_the_standard_library_module():
    import site

    stdlib = Path(sysconfig.get_paths()["stdlib"]).resolve()
    assert Path(site.__file__).resolve().parent == stdlib
    assert "site" in sys.modules


def test_site_folder_is_not_a_package():
    assert (ROOT / "site" / "demosite").is_dir()
    assert not (ROOT / "site" / "__init__.py").exists()


def test_project_layout():
    for name in (
        "home",
        "notices",
        "parkregistry",
        "tests",
        "manage.py",
        "pyproject.toml",
        "README.md",
    ):
        assert (ROOT / name).exists(), name
