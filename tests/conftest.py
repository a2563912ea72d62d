"""Registries the tests read: the sample fixture, the FACTS42 registry, and small
registries written inline with ``make_registry``."""

from __future__ import annotations

import datetime as _dt
import os
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
FACTS42 = ROOT / "registry"
TODAY = _dt.date(2024, 6, 1)


# what the tests import besides ropa (pyproject.toml: the dependencies and the `test` extra)
NEEDED = ("typer", "rich", "ruamel.yaml", "yaml", "openpyxl", "xlsxwriter", "fpdf", "hypothesis")


def _run_where_ropa_is_installed(config) -> int | None:
    """A ``pytest`` whose Python lacks ropa's dependencies (a global pytest typed in the
    checkout) runs the tests again with the checkout's ``.venv`` where the README's install
    made one, with the same arguments; without one it stops with one line saying what to do,
    instead of an import error per test module."""
    from importlib.util import find_spec

    missing = [name for name in NEEDED if find_spec(name.split(".")[0]) is None or find_spec(name) is None]
    if not missing:
        return None
    capture = config.pluginmanager.getplugin("capturemanager")
    if capture is not None:
        capture.stop_global_capturing()
    venv = ROOT / ".venv"
    python = venv / "bin" / "python"
    if python.exists() and Path(sys.prefix).resolve() != venv.resolve() and not os.environ.get("ROPA_TESTS_VENV"):
        os.environ["ROPA_TESTS_VENV"] = str(venv)  # once: a broken .venv does not loop
        os.chdir(config.invocation_params.dir)
        os.execv(python, [str(python), "-m", "pytest", *config.invocation_params.args])
    print(f"{sys.executable} lacks ropa's dependencies ({', '.join(missing)}): install them with "
          "python3 -m venv .venv && .venv/bin/pip install -e '.[test]', then run .venv/bin/python -m pytest",
          file=sys.stderr)
    return pytest.ExitCode.USAGE_ERROR


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config):
    """Where ropa's dependencies are missing, the tests run with the checkout's ``.venv``
    (``_run_where_ropa_is_installed``). Every core by default (pyproject.toml, [tool.pytest.ini_options]): where pytest-xdist is
    installed and no ``-n`` was given, ``-n auto --dist loadgroup``. Runs before xdist's own
    ``pytest_cmdline_main``, which turns ``auto`` into the number of CPUs (a conftest registered
    after the plugin is called first among ``tryfirst`` hooks). Not on a worker."""
    stopped = _run_where_ropa_is_installed(config)
    if stopped is not None:
        return stopped
    if (config.pluginmanager.hasplugin("xdist") and not hasattr(config, "workerinput")
            and config.getoption("numprocesses", None) is None):
        config.option.numprocesses = "auto"
        if config.getoption("dist", "no") == "no":
            config.option.dist = "loadgroup"


@pytest.fixture(autouse=True, scope="session")
def _private_cache_key(tmp_path_factory):
    """The parse cache and its key file of the tests, not the user's (``~/.cache/ropa``,
    ``~/.local/state/ropa``): a test run must not fill them."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
        if os.environ.get("ROPA_CACHE_DIR") is None:
            patch.setenv("ROPA_CACHE_DIR", str(tmp_path_factory.mktemp("ropa-cache")))
        yield


@pytest.fixture(autouse=True)
def _english_unless_asked(monkeypatch):
    """Commands speak English in the tests unless a test asks for German (--lang de, or
    ROPA_LANG): FACTS42's first language is German, which would otherwise be the default.
    The tests of that default (tests/test_i18n.py) unset ROPA_LANG themselves."""
    monkeypatch.setenv("ROPA_LANG", "en")


@pytest.fixture(scope="session")
def sample_report():
    from ropa.check import check
    from ropa.load import load

    return check(load(SAMPLE), today=TODAY)


@pytest.fixture(scope="session")
def facts42_report():
    from ropa.check import check
    from ropa.load import load

    result = load(FACTS42)
    assert not result.fatal, [str(f) for f in result.findings if f.fatal]
    return check(result, today=TODAY)


@pytest.fixture()
def make_registry(tmp_path):
    """Write ``{relative path: yaml text}`` into a registry directory and return its path."""

    def make(files: dict[str, str]) -> Path:
        root = tmp_path / "reg"
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return make
