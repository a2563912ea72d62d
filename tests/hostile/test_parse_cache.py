"""The parse cache cannot change a verdict (docs/parse-cache.md).

Every test works in its own cache directory (``ROPA_CACHE_DIR``) and key file
(``XDG_STATE_HOME``); an attacker here is anyone who can write the cache directory's
contents but does not hold the key.
"""

from __future__ import annotations

import marshal
import os
import stat
import subprocess
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import ropa.parse_cache as nodes
from ropa.cli import app
from ropa.yaml_nodes import parse
from tests.helpers import write_registry

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"

REGISTRY = """\
registry:
  name: Cache
  date: 2024-06-01
organisations:
  - id: acme
    name: ACME GmbH
"""
CLEAN = """\
recipients:
  - id: mailer
    name: Mailer Ltd
    type: processor
    country: DE
"""
BROKEN = CLEAN.replace("country: DE", "country: [not, a, country]")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("ROPA_CACHE_DIR", str(directory))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("ROPA_CACHE_KEY", raising=False)
    return directory / nodes.CACHE_LAYOUT


def validate(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["validate", str(path), "--today", "2024-06-01"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def entries(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in directory.iterdir()} if directory.exists() else {}


def test_entry_moved_to_another_texts_name_is_not_used(tmp_path: Path, cache: Path) -> None:
    """The attack of the issue: the clean parse stored under the broken file's entry."""
    clean = tmp_path / "clean"
    shutil.copytree(SAMPLE, clean)
    broken = tmp_path / "broken"
    shutil.copytree(SAMPLE, broken)
    CLEAN = (clean / "recipients.yaml").read_text(encoding="utf-8")
    BROKEN = CLEAN.replace("country: DE", "country: [not, a, country]", 1)
    assert BROKEN != CLEAN
    (broken / "recipients.yaml").write_text(BROKEN, encoding="utf-8")
    code, output = validate(broken)
    assert code == 1, output
    before = entries(cache)
    assert validate(clean)[0] == 0
    (clean_entry,) = set(entries(cache)) - set(before)
    broken_entry = nodes.entry_name(BROKEN, nodes._key())
    assert broken_entry in before
    (cache / broken_entry).write_bytes((cache / clean_entry).read_bytes())
    assert validate(broken) == (code, output)
    # forged with the right content and a MAC under another key
    node, _ = parse(CLEAN, "x")
    payload = marshal.dumps(node)
    (cache / broken_entry).write_bytes(nodes.entry_mac(broken_entry, payload, b"k" * 32) + payload)
    assert validate(broken) == (code, output)
    # and the attacker's entry was replaced by an authentic one
    assert (cache / broken_entry).read_bytes() == before[broken_entry]


def test_unauthenticated_bytes_never_reach_marshal(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Five bytes declaring a list of 2**31 items cost 7 s and a MemoryError when decoded."""
    text = CLEAN
    expected = parse(text, "r.yaml")
    nodes.parse_cached(text, "r.yaml")
    name = nodes.entry_name(text, nodes._key())
    decoded: list[bytes] = []
    real = marshal.loads
    monkeypatch.setattr(marshal, "loads", lambda data: decoded.append(bytes(data)) or real(data))
    for bomb in (b"[\xff\xff\xff\x7f", b"\x00" * 32 + b"[\xff\xff\xff\x7f", b"", b"\xe9"):
        (cache / name).write_bytes(bomb)
        assert nodes.parse_cached(text, "r.yaml") == expected
    assert all(not data.startswith(b"[\xff") for data in decoded)


def test_directory_writable_by_others_is_not_used(tmp_path: Path, cache: Path, capfd) -> None:
    reg = write_registry(tmp_path / "reg", {"registry.yaml": REGISTRY, "recipients.yaml": BROKEN})
    cache.parent.mkdir()
    cache.parent.chmod(0o777)
    nodes._warned.clear()
    node, problems = nodes.parse_cached(CLEAN, "r.yaml")
    assert (node, problems) == parse(CLEAN, "r.yaml")
    assert not cache.exists(), "nothing is written into a directory others can write"
    assert "writable by group or others" in capfd.readouterr().err
    cache.parent.chmod(0o700)
    cache.mkdir(mode=0o700)
    cache.chmod(0o770)
    nodes._warned.clear()
    code, output = validate(reg)
    assert code == 1
    assert entries(cache) == {}
    warned = output + capfd.readouterr().err
    assert warned.count("parse cache not used") == 1, "one line, not one per file"


def test_symbolic_links_are_never_followed(tmp_path: Path, cache: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    victim = elsewhere / "precious"
    victim.write_text("keep me")
    cache.parent.mkdir(mode=0o700)
    cache.symlink_to(elsewhere, target_is_directory=True)
    nodes._warned.clear()
    assert nodes.parse_cached(CLEAN, "r.yaml") == parse(CLEAN, "r.yaml")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["precious"]
    cache.unlink()
    # an entry that is a link to a file outside: neither read nor written through
    nodes.parse_cached(CLEAN, "r.yaml")
    name = nodes.entry_name(CLEAN, nodes._key())
    (cache / name).unlink()
    (cache / name).symlink_to(victim)
    assert nodes.parse_cached(CLEAN, "r.yaml") == parse(CLEAN, "r.yaml")
    assert victim.read_text() == "keep me"
    # pruning removes old names inside the cache, never what a link points to
    (cache / "old").symlink_to(victim)
    os.utime(victim, (0, 0))
    os.utime(cache / "old", (0, 0), follow_symlinks=False)
    fd = os.open(cache, os.O_RDONLY | os.O_DIRECTORY)
    try:
        nodes._prune(fd)
    finally:
        os.close(fd)
    assert victim.read_text() == "keep me"
    assert not os.path.lexists(cache / "old")


@pytest.mark.parametrize("kind", ["fifo", "directory", "huge", "other-writable", "truncated"])
def test_odd_entries_are_ignored_and_rewritten(cache: Path, kind: str) -> None:
    expected = parse(CLEAN, "r.yaml")
    nodes.parse_cached(CLEAN, "r.yaml")
    entry = cache / nodes.entry_name(CLEAN, nodes._key())
    good = entry.read_bytes()
    entry.unlink()
    if kind == "fifo":
        os.mkfifo(entry)  # would block a plain open() for ever
    elif kind == "directory":
        entry.mkdir()
    elif kind == "huge":
        with open(entry, "wb") as fh:
            fh.truncate(nodes.MAX_ENTRY_BYTES + 1)  # sparse: costs no disk
    elif kind == "other-writable":
        entry.write_bytes(good)
        entry.chmod(0o666)
    else:
        entry.write_bytes(good[:-7])
    assert nodes.parse_cached(CLEAN, "r.yaml") == expected
    if kind != "directory":  # a directory cannot be replaced by a rename; it is only ignored
        assert stat.S_ISREG(entry.lstat().st_mode) and entry.read_bytes() == good
        assert entry.stat().st_mode & 0o077 == 0


def test_entries_depend_on_the_versions(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ropa

    key = nodes._key()
    first = nodes.entry_name(CLEAN, key)
    monkeypatch.setattr(nodes, "_VERSION_TAG", [])
    monkeypatch.setattr(ropa, "__version__", "999.0")
    assert nodes.entry_name(CLEAN, key) != first
    monkeypatch.setattr(nodes, "_VERSION_TAG", [])
    monkeypatch.setattr(ropa, "__version__", ropa.__version__)
    monkeypatch.setattr(nodes, "_parser_identity", lambda: "_ruamel_yaml.so:1:2")
    assert nodes.entry_name(CLEAN, key) != first
    assert nodes.entry_name(CLEAN, b"\x01" * 32) != nodes.entry_name(CLEAN, key)


def test_key_file_must_be_private(tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, capfd) -> None:
    nodes.parse_cached(CLEAN, "r.yaml")
    key_file = nodes.key_file()
    assert key_file.stat().st_mode & 0o777 == 0o600 and len(key_file.read_bytes()) == 32
    assert not str(key_file).startswith(str(cache.parent)), "the key never lives in the cache"
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state2"))
    other = nodes.key_file()
    other.parent.mkdir(parents=True, mode=0o700)
    other.write_bytes(b"x" * 32)
    other.chmod(0o666)
    nodes._warned.clear()
    assert nodes.parse_cached(CLEAN, "r.yaml") == parse(CLEAN, "r.yaml")
    assert "cache-key" in capfd.readouterr().err
    monkeypatch.setenv("ROPA_CACHE_KEY", "a CI secret")
    assert nodes._key() not in (None, key_file.read_bytes())


# --- fuzz: whatever is in an entry, the answer is the parse -------------------------------

def _odd_value() -> st.SearchStrategy:
    leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8),
                       st.binary(max_size=8), st.sampled_from(["tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
                                                               "tag:yaml.org,2002:str", "x", ""]))
    return st.recursive(leaves, lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.tuples(inner, inner), st.tuples(inner),
        st.dictionaries(st.text(max_size=3), inner, max_size=3), st.frozensets(st.integers(), max_size=3)),
        max_leaves=20)


_FUZZ_TEXT = "a: 1\nb: [x, 'y']\nc: {d: null}\n"
# examples per fuzz test: 500 in the suite (each run draws new ones: hypothesis is not
# derandomized here, so CI covers more over time); HYPOTHESIS_FUZZ_EXAMPLES=5000 for a long run,
# as in tests/test_fuzz_loader.py
EXAMPLES = int(os.environ.get("HYPOTHESIS_FUZZ_EXAMPLES", "500"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=200) | st.builds(lambda b: b"\xe3" + b, st.binary(max_size=60)))
def test_fuzz_random_bytes(cache: Path, data: bytes) -> None:
    expected = parse(_FUZZ_TEXT, "f.yaml")
    cache.mkdir(parents=True, exist_ok=True, mode=0o700)
    name = nodes.entry_name(_FUZZ_TEXT, nodes._key())
    (cache / name).write_bytes(data)
    assert nodes.parse_cached(_FUZZ_TEXT, "f.yaml") == expected


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_odd_value())
def test_fuzz_marshal_shapes_even_with_a_valid_mac(cache: Path, value: object) -> None:
    """Shapes a key holder (or a future bug) could store: the loader only sees well-formed nodes."""
    expected = parse(_FUZZ_TEXT, "f.yaml")
    cache.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = nodes._key()
    name = nodes.entry_name(_FUZZ_TEXT, key)
    payload = marshal.dumps(value)
    (cache / name).write_bytes(nodes.entry_mac(name, payload, key) + payload)
    got = nodes.parse_cached(_FUZZ_TEXT, "f.yaml")
    if nodes.well_formed(value):
        assert got == (value, [])  # authentic and well formed: used as it is
    else:
        assert got == expected


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_odd_value())
def test_fuzz_shapes_through_the_loader(tmp_path_factory, cache: Path, value: object) -> None:
    """A well-formed but odd node tree under the key of a registry file: findings, no traceback."""
    from ropa.load import load

    reg = tmp_path_factory.mktemp("reg")
    (reg / "registry.yaml").write_text(REGISTRY, encoding="utf-8")
    key = nodes._key()
    cache.mkdir(parents=True, exist_ok=True, mode=0o700)
    name = nodes.entry_name(REGISTRY, key)
    tree = ["tag:yaml.org,2002:map", [(["tag:yaml.org,2002:str", "registry", 0, 0], value)], 0, 0]
    payload = marshal.dumps(tree)
    (cache / name).write_bytes(nodes.entry_mac(name, payload, key) + payload)
    load(reg)  # must not raise


# --- a user who does not own the cache directory ----------------------------------------------

AS_OTHER_USER = """
import os, sys
from ropa.cli import main
import ropa.parse_cache as nodes

uid, gid, shared, state, warm, reg = int(sys.argv[1]), int(sys.argv[2]), *sys.argv[3:]
sys.argv = ["ropa", "validate", reg, "--today", "2024-06-01"]
os.environ.update(ROPA_CACHE_DIR=shared, XDG_STATE_HOME=warm)
main()  # as root, in root's cache: fills it, and imports what the second run needs
sys.stdout.flush()
print("--- as the other user", file=sys.stderr, flush=True)
os.setgroups([])
os.setgid(gid)
os.setuid(uid)
os.environ.update(XDG_STATE_HOME=state, HOME=state)
nodes._KEYS.clear()
nodes._warned.clear()
sys.exit(main())
"""


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to switch users")
def test_run_as_a_user_who_does_not_own_the_cache() -> None:
    """Root's cache, readable by nobody: nobody's run does not use it, says so once, same verdict.

    The interpreter may live where other users cannot read it (a pyenv under /root), so the
    child switches user itself (``os.setuid``) after importing what it needs.
    """
    import pwd

    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("no user 'nobody'")
    work = Path(tempfile.mkdtemp(prefix="ropa-owner-"))
    try:
        work.chmod(0o755)
        reg = work / "reg"
        shutil.copytree(SAMPLE, reg)
        text = (reg / "recipients.yaml").read_text(encoding="utf-8")
        (reg / "recipients.yaml").write_text(text.replace("country: DE", "country: [x]", 1), encoding="utf-8")
        for path in [reg, *reg.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        shared = work / "cache"
        state = work / "state"
        state.mkdir()
        os.chown(state, nobody.pw_uid, nobody.pw_gid)
        shared.mkdir(mode=0o755)
        shared.chmod(0o755)
        (shared / nodes.CACHE_LAYOUT).mkdir(mode=0o755)
        (shared / nodes.CACHE_LAYOUT).chmod(0o755)
        run = subprocess.run([sys.executable, "-c", AS_OTHER_USER, str(nobody.pw_uid), str(nobody.pw_gid),
                              str(shared), str(state), str(work / "root-state"), str(reg)],
                             capture_output=True, text=True, cwd=ROOT, check=False)
        first, _, second = run.stderr.partition("--- as the other user")
        assert "Traceback" not in run.stderr, run.stderr
        assert any((shared / nodes.CACHE_LAYOUT).iterdir()), "root's run filled its cache"
        assert "parse cache not used" not in first
        assert run.returncode == 1, run.stdout + run.stderr
        assert run.stdout.count("RP011") == 2, run.stdout  # the same finding, as root and as nobody
        assert second.count("parse cache not used") == 1, second
        assert f"owned by user 0, not by the current user {nobody.pw_uid}" in second
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_poisoned_vocabulary_entry_adds_no_adequacy_decision(cache: Path) -> None:
    """The issue's second attack: China added to the adequacy list through the cached vocabulary."""
    countries = (ROOT / "ropa" / "vocab" / "countries.yaml").read_text(encoding="utf-8")
    real = nodes.plain_data(countries, "countries.yaml")  # also stores the authentic entry
    assert "CN" not in real["adequacy"]
    poisoned_text = countries.replace("adequacy:\n", "adequacy:\n  CN: {decision: forged, date: 2024-01-01}\n", 1)
    poisoned, problems = parse(poisoned_text, "countries.yaml")
    assert not problems and "CN" in nodes._plain_node(poisoned)["adequacy"]
    name = nodes.entry_name(countries, nodes._key())  # even knowing the entry's name
    payload = marshal.dumps(poisoned)
    for mac in (b"\0" * 32, nodes.entry_mac(name, payload, os.urandom(32))):
        (cache / name).write_bytes(mac + payload)
        assert nodes.plain_data(countries, "countries.yaml") == real


# --- issue 29, items 9 and 12 ---------------------------------------------------------------

def test_filling_the_cache_lists_its_directory_once(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Filling the cache is linear: pruning (which lists every entry) runs at most once per
    process, not with a probability on every store (which made filling quadratic)."""
    import random

    monkeypatch.setattr(nodes, "_pruned_here", [])
    monkeypatch.setattr(random, "random", lambda: 0.0)  # the old 2 % chance, every time
    listed = []
    real = os.listdir
    monkeypatch.setattr(os, "listdir", lambda path=".": listed.append(path) or real(path))
    texts = [CLEAN.replace("mailer", f"mailer-{i}") for i in range(300)]
    for text in texts:
        nodes.parse_cached(text, "r.yaml")
    assert len([name for name in os.listdir(cache) if not name.startswith(".")]) == 300
    assert len(listed) <= 1 + 1  # one prune, and the count just above


def test_pruning_still_happens_once_a_day(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nodes, "_pruned_here", [])
    nodes.parse_cached(CLEAN, "r.yaml")  # the first store of a process in a new cache: pruned (nothing)
    old = cache / ("0" * 40)
    old.write_bytes(b"stale")
    os.utime(old, (0, 0))
    os.utime(cache / nodes._PRUNE_STAMP, (0, 0))  # pruned long ago
    monkeypatch.setattr(nodes, "_pruned_here", [])
    nodes.parse_cached(BROKEN.replace("[not, a, country]", "FR"), "r.yaml")  # a store: time to prune
    assert not old.exists()
    old.write_bytes(b"stale")
    os.utime(old, (0, 0))
    monkeypatch.setattr(nodes, "_pruned_here", [])
    nodes.parse_cached(CLEAN.replace("DE", "AT"), "r.yaml")  # pruned less than a day ago: not again
    assert old.exists()


def test_an_empty_key_file_left_by_a_kill_is_replaced(cache: Path, monkeypatch: pytest.MonkeyPatch, capfd) -> None:
    key_file = nodes.key_file()
    key_file.parent.mkdir(parents=True, mode=0o700)
    key_file.touch(mode=0o600)  # what a kill between creating and writing the key left
    nodes._warned.clear()
    nodes.parse_cached(CLEAN, "r.yaml")
    assert len(key_file.read_bytes()) == 32
    assert "cache-key" not in capfd.readouterr().err
    parsed = []
    real = nodes.yaml_nodes.parse
    monkeypatch.setattr(nodes.yaml_nodes, "parse", lambda *a: parsed.append(1) or real(*a))
    monkeypatch.setattr(nodes, "_KEYS", {})
    assert nodes.parse_cached(CLEAN, "r.yaml") == parse(CLEAN, "r.yaml")
    assert parsed == []  # answered from the cache, with the new key


def test_a_full_disk_leaves_no_key_file(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    assert nodes.parse_cached(CLEAN, "r.yaml") == parse(CLEAN, "r.yaml")  # the cache only costs speed
    key_dir = nodes.key_file().parent
    assert os.listdir(key_dir) == []  # neither an empty key file nor a temporary one
    monkeypatch.undo()
    monkeypatch.setenv("ROPA_CACHE_DIR", str(cache.parent))
    monkeypatch.setattr(nodes, "_KEYS", {})
    nodes.parse_cached(CLEAN, "r.yaml")
    assert len(nodes.key_file().read_bytes()) == 32


def test_blake2b_is_hashlibs_own_with_or_without_the_builtin_module(monkeypatch: pytest.MonkeyPatch) -> None:
    # the cache takes blake2b from CPython's _blake2 (hashlib's own) so as not to load OpenSSL;
    # where that module is missing it takes hashlib's: the names and MACs are the same either way
    import hashlib

    from ropa import parse_cache

    assert parse_cache._blake2b() is hashlib.blake2b
    key = b"k" * 32
    name = parse_cache.entry_name("a: 1\n", key)
    mac = parse_cache.entry_mac(name, b"payload", key)
    with monkeypatch.context() as patch:
        patch.setitem(sys.modules, "_blake2", None)  # `from _blake2 import ...` raises ImportError
        assert parse_cache._blake2b() is hashlib.blake2b
        assert parse_cache.entry_name("a: 1\n", key) == name
        assert parse_cache.entry_mac(name, b"payload", key) == mac
    # a CPython newer than the ones checked takes hashlib's without looking for the private module
    monkeypatch.setattr(parse_cache, "_BUILTIN_BLAKE2", False)
    monkeypatch.setitem(sys.modules, "_blake2", object())  # would fail if it were imported from
    assert parse_cache._blake2b() is hashlib.blake2b
    assert parse_cache.entry_mac(parse_cache.entry_name("a: 1\n", key), b"payload", key) == mac


def test_a_mac_is_the_same_only_when_every_byte_is() -> None:
    from ropa.parse_cache import same_mac

    key = b"k" * 32
    mac = bytes(range(32))
    assert same_mac(mac, bytes(mac), key)
    for at in (0, 15, 31):
        changed = bytearray(mac)
        changed[at] ^= 1
        assert not same_mac(bytes(changed), mac, key)
    assert not same_mac(mac[:31], mac, key)
    assert not same_mac(b"", mac, key)
