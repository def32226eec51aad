#!/usr/bin/env python3
"""Checks Cargo.lock against a RustSec advisory database checkout, offline.

What `cargo audit --no-fetch` reports for vulnerabilities, without compiling cargo-audit (eight
minutes of a fresh machine's CI run): every crates.io package in the lock file whose version is
neither patched nor unaffected by a vulnerability advisory fails the check, unless the advisory is
ignored by id. Withdrawn advisories are skipped; informational ones (unmaintained, unsound,
notice) are printed as warnings, as cargo audit does.

    audit.py --db DIR [--lock Cargo.lock] [--ignore RUSTSEC-YYYY-NNNN ...]

Version requirements follow the semver crate (Cargo's): `^` is the default operator, partial
versions (`>= 1.2`, `< 0.3`) are allowed, and several comparators separated by commas must all hold.
"""

import argparse
import pathlib
import re
import sys
import tomllib

REGISTRY = "registry+https://github.com/rust-lang/crates.io-index"


def parse_version(text):
    """`1.2.3-alpha.1+build` → ((1, 2, 3), "alpha.1"). Build metadata is ignored."""
    core, _, pre = text.strip().split("+")[0].partition("-")
    numbers = [int(part) for part in core.split(".")]
    if len(numbers) != 3:
        raise ValueError(f"not a full version: {text!r}")
    return tuple(numbers), pre


def key(version):
    """Orders versions: a pre-release sorts before its release."""
    numbers, pre = version
    pre_parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split(".")) if pre else ()
    return numbers, 0 if pre else 1, pre_parts


def comparator_holds(comparator, version):
    match = re.fullmatch(r"\s*(\^|~|=|>=|<=|>|<)?\s*(\d+)(?:\.(\d+|\*))?(?:\.(\d+|\*))?(?:-([0-9A-Za-z.-]+))?\s*", comparator)
    if not match:
        raise ValueError(f"a version requirement this check cannot read: {comparator!r}")
    op, major, minor, patch, pre = match.groups()
    op = op or "^"
    major = int(major)
    minor = None if minor in (None, "*") else int(minor)
    patch = None if patch in (None, "*") else int(patch)
    low = ((major, minor or 0, patch or 0), pre or "")
    v = key(version)

    def at_least(bound):
        return v >= key(bound)

    def below(bound):
        return v < key(bound)

    # The first version past a partial one: `1.2` → 1.3.0, `1` → 2.0.0.
    if patch is not None:
        past = ((major, minor, patch + 1), "")
    elif minor is not None:
        past = ((major, minor + 1, 0), "")
    else:
        past = ((major + 1, 0, 0), "")
    if op == "=":
        return at_least(low) and below(past) if patch is None else key(version) == key(low)
    if op == ">=":
        return at_least(low)
    if op == ">":
        return at_least(past) if patch is None else v > key(low)
    if op == "<":
        return below(low)
    if op == "<=":
        return below(past) if patch is None else v <= key(low)
    if op == "~":
        upper = ((major, minor + 1, 0), "") if minor is not None else ((major + 1, 0, 0), "")
        return at_least(low) and below(upper)
    # ^: the leftmost non-zero part may not change.
    if major > 0 or minor is None:
        upper = ((major + 1, 0, 0), "")
    elif minor > 0 or patch is None:
        upper = ((0, minor + 1, 0), "")
    else:
        upper = ((0, 0, patch + 1), "")
    return at_least(low) and below(upper)


def requirement_holds(requirement, version):
    return all(comparator_holds(part, version) for part in requirement.split(","))


def advisories(db):
    for path in sorted((db / "crates").glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        front = re.match(r"\s*```toml\n(.*?)\n```", text, re.S)
        if not front:
            raise ValueError(f"{path}: no TOML front matter")
        advisory = tomllib.loads(front.group(1))
        # The title is the document's first heading.
        title = re.search(r"^# (.+)$", text[front.end():], re.M)
        advisory["advisory"].setdefault("title", title.group(1).strip() if title else "")
        yield advisory


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=pathlib.Path)
    parser.add_argument("--lock", default="Cargo.lock", type=pathlib.Path)
    parser.add_argument("--ignore", action="append", default=[])
    args = parser.parse_args()

    lock = tomllib.loads(args.lock.read_text(encoding="utf-8"))
    packages = {}
    for package in lock.get("package", []):
        if package.get("source") == REGISTRY:
            packages.setdefault(package["name"], []).append(package["version"])

    found, warned, read = [], [], 0
    for advisory in advisories(args.db):
        read += 1
        head = advisory["advisory"]
        if head.get("withdrawn") or head["package"] not in packages:
            continue
        versions = advisory.get("versions", {})
        safe = versions.get("patched", []) + versions.get("unaffected", [])
        for version in packages[head["package"]]:
            if any(requirement_holds(req, parse_version(version)) for req in safe):
                continue
            line = f"{head['id']}  {head['package']} {version}: {head.get('title', '').strip() or head.get('url', '')}"
            if head.get("informational"):
                warned.append(f"warning ({head['informational']}) {line}")
            elif head["id"] in args.ignore:
                print(f"ignored {line}")
            else:
                found.append(line)
    for line in warned:
        print(line)
    count = sum(len(v) for v in packages.values())
    print(f"audit: {read} advisories against {count} crates.io packages in {args.lock}: "
          f"{len(found)} vulnerable, {len(warned)} warnings")
    for line in found:
        print(f"VULNERABLE {line}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
