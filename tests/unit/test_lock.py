"""The lock files decide what is installed, and they stay true to pyproject.toml's ranges.

``./scripts/lock.sh`` writes them; these tests fail when someone edits
``pyproject.toml`` without running it, when a pin lacks its hashes, or when
the environment the tests run in is not the locked one.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
RUNTIME_LOCK = ROOT / "requirements.txt"
DEV_LOCK = ROOT / "requirements-dev.txt"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")


class Pin:
    def __init__(self, name: str, version: str) -> None:
        self.name = canonicalize_name(name)
        self.version = version
        self.hashes: list[str] = []
        self.via: list[str] = []


def read_lock(path: Path) -> dict[str, Pin]:
    """The pins of a pip-compile lock file, with their hashes and what asked for them."""
    pins: dict[str, Pin] = {}
    current: Pin | None = None
    in_via = False
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if (match := _PIN.match(line)) is not None:
            current = Pin(match.group(1), match.group(2))
            pins[current.name] = current
            in_via = False
        elif current is not None and stripped.startswith("--hash="):
            current.hashes.append(stripped.removeprefix("--hash=").rstrip(" \\"))
        elif current is not None and stripped.startswith("# via"):
            rest = stripped.removeprefix("# via").strip()
            in_via = not rest
            if rest:
                current.via.append(rest)
        elif current is not None and in_via and stripped.startswith("#   "):
            current.via.append(stripped.removeprefix("#   "))
    return pins


def requirements(*groups: str) -> list[Requirement]:
    """pyproject.toml's requirements: ``runtime``, ``dev`` and ``build`` (the build backend)."""
    found: list[Requirement] = []
    if "runtime" in groups:
        found += [Requirement(text) for text in PYPROJECT["project"]["dependencies"]]
    if "dev" in groups:
        found += [Requirement(text) for text in PYPROJECT["project"]["optional-dependencies"]["dev"]]
    if "build" in groups:
        found += [Requirement(text) for text in PYPROJECT["build-system"]["requires"]]
    return found


LOCKS = [(RUNTIME_LOCK, ("runtime", "build")), (DEV_LOCK, ("runtime", "dev", "build"))]


@pytest.mark.parametrize(("lock", "groups"), LOCKS, ids=["runtime", "dev"])
def test_the_lock_pins_every_requirement_of_pyproject_within_its_range(lock: Path, groups: tuple[str, ...]) -> None:
    pins = read_lock(lock)
    for requirement in requirements(*groups):
        pin = pins.get(canonicalize_name(requirement.name))
        assert pin is not None, f"{requirement} is not in {lock.name}: run ./scripts/lock.sh"
        assert requirement.specifier.contains(pin.version, prereleases=True), (
            f"{lock.name} pins {pin.name}=={pin.version}, outside pyproject.toml's {requirement}: run ./scripts/lock.sh"
        )


@pytest.mark.parametrize(("lock", "groups"), LOCKS, ids=["runtime", "dev"])
def test_the_lock_holds_no_direct_requirement_that_pyproject_dropped(lock: Path, groups: tuple[str, ...]) -> None:
    wanted = {canonicalize_name(requirement.name) for requirement in requirements(*groups)}
    for pin in read_lock(lock).values():
        if any(via.startswith("hinge (pyproject.toml") for via in pin.via):
            assert pin.name in wanted, f"{lock.name} still pins {pin.name} for Hinge: run ./scripts/lock.sh"


@pytest.mark.parametrize("lock", [RUNTIME_LOCK, DEV_LOCK], ids=["runtime", "dev"])
def test_every_pin_is_exact_and_carries_its_hashes(lock: Path) -> None:
    pins = read_lock(lock)
    assert pins
    for pin in pins.values():
        assert pin.hashes, f"{pin.name} has no hash in {lock.name}"
        assert all(re.fullmatch(r"sha256:[0-9a-f]{64}", digest) for digest in pin.hashes), pin.name


def test_the_runtime_lock_is_the_dev_lock_without_the_test_tools() -> None:
    runtime, dev = read_lock(RUNTIME_LOCK), read_lock(DEV_LOCK)
    for name, pin in runtime.items():
        assert name in dev, f"{name} is in requirements.txt only"
        assert dev[name].version == pin.version, f"{name}: {pin.version} and {dev[name].version}"


@pytest.mark.parametrize(("lock", "groups"), LOCKS, ids=["runtime", "dev"])
def test_the_lock_holds_everything_its_packages_need(lock: Path, groups: tuple[str, ...]) -> None:
    """Closed under dependencies: every requirement of a pinned package (with the extras asked of it) is pinned."""
    pins = read_lock(lock)
    todo = [(canonicalize_name(r.name), frozenset(r.extras)) for r in requirements(*groups)]
    seen: set[tuple[str, frozenset[str]]] = set()
    while todo:
        name, extras = todo.pop()
        if (name, extras) in seen or name == "hinge":
            continue
        seen.add((name, extras))
        assert name in pins, f"{name} is needed but not pinned in {lock.name}"
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            if requirement.marker is not None and not any(
                _applies(requirement.marker, extra) for extra in ["", *extras]
            ):
                continue
            needed = canonicalize_name(requirement.name)
            assert needed in pins, f"{name} needs {requirement}, which {lock.name} does not pin"
            assert requirement.specifier.contains(pins[needed].version, prereleases=True), (
                f"{name} needs {requirement}; {lock.name} pins {pins[needed].version}"
            )
            todo.append((needed, frozenset(requirement.extras)))


def _applies(marker: Marker, extra: str) -> bool:
    return marker.evaluate({"extra": extra})


def test_the_tests_run_on_exactly_the_locked_versions() -> None:
    for pin in read_lock(DEV_LOCK).values():
        assert metadata.version(pin.name) == pin.version, f"{pin.name} is not the locked {pin.version}"
