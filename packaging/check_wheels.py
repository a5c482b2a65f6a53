"""Do the project's dependencies install from binary wheels on the PCs the users have?

Resolves the runtime dependencies and the ``build`` and ``test`` extras of ``pyproject.toml`` for each target
(Windows x64 and manylinux x86-64, CPython 3.12) with pip itself, wheels only, as a new user's
``pip install`` would; no package is downloaded (``pip install --dry-run`` reads the wheels' metadata from the
index) and pip's cache is reused. pip evaluates environment markers for the machine it runs on, so the
closure is completed by hand: every ``Requires-Dist`` of a resolved wheel whose marker holds on the target
(``sys_platform == "win32"`` on a Linux machine) is resolved too.

    python packaging/check_wheels.py            # every target; exit 1 naming a package without a wheel
    python packaging/check_wheels.py win_amd64  # one target

Exit 0: every target resolves; 1: a package has no wheel for a target (named); 3: the index could not be
reached (nothing is known). tests/test_wheels.py runs it in the test suite.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYTHON = "3.12"
EXTRAS = ("build", "test")


@dataclass(frozen=True)
class Target:
    name: str
    platforms: tuple[str, ...]
    markers: dict[str, str]


def _markers(sys_platform: str, system: str, os_name: str, machine: str) -> dict[str, str]:
    env = default_environment()
    env.update(sys_platform=sys_platform, platform_system=system, os_name=os_name, platform_machine=machine,
               python_version=PYTHON, python_full_version=f"{PYTHON}.0", implementation_name="cpython",
               platform_python_implementation="CPython", platform_release="", platform_version="")
    return env


TARGETS = {
    "win_amd64": Target("Windows x64", ("win_amd64",), _markers("win32", "Windows", "nt", "AMD64")),
    # PySide6 6.12's Linux wheels need glibc 2.34 (Ubuntu 22.04, Debian 12); such a PC takes every older
    # manylinux tag too, which pip does not infer from an explicit --platform: all are listed
    "manylinux_x86_64": Target("Linux x86-64 (manylinux)", tuple(
        [f"manylinux_2_{minor}_x86_64" for minor in range(34, 4, -1)]
        + ["manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"]),
        _markers("linux", "Linux", "posix", "x86_64")),
}

# What pip prints when it could not talk to the index at all (as opposed to: it did, and found no wheel).
NETWORK_SIGNS = (
    "NewConnectionError", "Failed to establish a new connection", "Temporary failure in name resolution",
    "Name or service not known", "nodename nor servname", "getaddrinfo failed", "Network is unreachable",
    "Connection refused", "ConnectTimeoutError", "Read timed out", "ReadTimeoutError", "ProxyError",
    "SSLError", "Max retries exceeded", "Could not fetch URL", "No route to host", "Connection reset",
    "RemoteDisconnected", "NameResolutionError", "connection broken by",
)
_NO_MATCH = re.compile(r"No matching distribution found for ([A-Za-z0-9._-]+)")
_NO_VERSION = re.compile(r"Could not find a version that satisfies the requirement ([A-Za-z0-9._-]+)")


class IndexUnreachable(Exception):
    """The package index could not be reached: nothing can be said about wheels."""


class NoWheel(Exception):
    """A package has no binary wheel for a target (the message names it)."""

    def __init__(self, package: str, target: Target, detail: str):
        self.package = package
        super().__init__(f"{package}: no binary wheel for {target.name} / Python {PYTHON} "
                         f"(pip: {detail.strip().splitlines()[-1] if detail.strip() else 'no detail'})")


def project_requirements(pyproject: Path = ROOT / "pyproject.toml", extras=EXTRAS) -> list[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project.get("optional-dependencies", {}).get(extra, [])
    return wanted


def classify_failure(output: str) -> str:
    """The package pip found no wheel for; raises IndexUnreachable when pip never reached the index."""
    if any(sign in output for sign in NETWORK_SIGNS):
        raise IndexUnreachable(next(line.strip() for line in output.splitlines()
                                    if any(sign in line for sign in NETWORK_SIGNS)))
    match = _NO_MATCH.search(output) or _NO_VERSION.search(output)
    if match:
        return match.group(1)
    raise RuntimeError(f"pip failed without naming a package:\n{output}")


def resolve(requirements: list[str], target: Target, *, pip: tuple[str, ...] = (sys.executable, "-m", "pip"),
            timeout: float = 300, env: dict[str, str] | None = None) -> list[dict]:
    """pip's resolution (its ``--report`` ``install`` entries) of ``requirements`` for ``target``, wheels only."""
    with tempfile.TemporaryDirectory(prefix="ward-desk-wheels-") as tmp:
        report = Path(tmp) / "report.json"
        command = [*pip, "install", "--dry-run", "--quiet", "--ignore-installed", "--only-binary=:all:",
                   "--python-version", PYTHON, "--implementation", "cp", "--abi", f"cp{PYTHON.replace('.', '')}",
                   *[arg for p in target.platforms for arg in ("--platform", p)],
                   "--target", str(Path(tmp) / "target"), "--report", str(report),
                   "--disable-pip-version-check", "--no-input", "--timeout", "30", "--retries", "2",
                   *requirements]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
        if done.returncode != 0:
            output = done.stdout + done.stderr
            raise NoWheel(classify_failure(output), target, output)
        return json.loads(report.read_text(encoding="utf-8"))["install"]


def missing_for_target(installed: list[dict], target: Target) -> list[str]:
    """Requirements of the resolved wheels that hold on ``target`` but that pip, judging markers by this
    machine, left out (keyring's ``pywin32-ctypes`` on Windows, seen from Linux)."""
    have = {canonicalize_name(item["metadata"]["name"]) for item in installed}
    missing = []
    for item in installed:
        extras = [""] + list(item.get("requested_extras") or [])
        for line in item["metadata"].get("requires_dist") or []:
            requirement = Requirement(line)
            if requirement.marker is not None and not any(
                    requirement.marker.evaluate({**target.markers, "extra": extra}) for extra in extras):
                continue
            if canonicalize_name(requirement.name) not in have:
                missing.append(str(requirement).split(";")[0].strip())
    return sorted(set(missing))


@dataclass
class Resolution:
    target: Target
    wheels: dict[str, str] = field(default_factory=dict)  # package -> wheel file name


def check(target: Target, requirements: list[str] | None = None, **kwargs) -> Resolution:
    """Resolve until the closure under ``target``'s markers is complete; raises NoWheel or IndexUnreachable."""
    wanted = list(requirements if requirements is not None else project_requirements())
    for _round in range(5):
        installed = resolve(wanted, target, **kwargs)
        missing = missing_for_target(installed, target)
        if not missing:
            result = Resolution(target)
            for item in installed:
                url = item["download_info"]["url"]
                result.wheels[canonicalize_name(item["metadata"]["name"])] = url.rsplit("/", 1)[-1]
            return result
        wanted += missing
    raise RuntimeError(f"the dependency closure for {target.name} did not settle: {missing}")


def main(argv: list[str] | None = None) -> int:
    names = (argv if argv is not None else sys.argv[1:]) or list(TARGETS)
    status = 0
    for name in names:
        target = TARGETS[name]
        try:
            result = check(target)
        except IndexUnreachable as exc:
            print(f"{target.name}: the package index cannot be reached ({exc}); nothing checked")
            return 3
        except NoWheel as exc:
            print(f"FAIL {exc}")
            status = 1
            continue
        print(f"OK   {target.name} / Python {PYTHON}: {len(result.wheels)} packages, all wheels")
    return status


if __name__ == "__main__":
    sys.exit(main())
