"""Audit a hashed lock for known vulnerabilities: `python scripts/audit.py requirements/test.lock`.

Where PyPI's per-release JSON API (pip-audit's vulnerability service) answers, this is exactly
`pip-audit -r LOCK --require-hashes --disable-pip --strict`. Where only the per-project JSON API
answers (this workplace's network: no per-release JSON, no OSV), each locked package is checked
against the advisories PyPI lists for the project's latest release: a package locked at its latest
release is audited in full; one locked behind it is listed as not audited here (re-lock with
`scripts/lock --upgrade` to audit it), and the latest release's unfixed advisories are shown for it.

Exit 1 on any known vulnerability (`--ignore ID` accepts one, say why in .ci/run), or when no
service answers at all; `--strict` also fails on packages not audited.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

PYPI = "https://pypi.org/pypi"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def pins(lock: str) -> dict[str, str]:
    out = {}
    with open(lock, encoding="utf-8") as f:
        for line in f:
            m = PIN.match(line)
            if m:
                out[re.sub(r"[-_.]+", "-", m[1]).lower()] = m[2]
    return out


def get_json(url: str) -> dict | None:
    """The JSON at url, None for a 404; raises OSError when the service can't be reached."""
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        if e.code == 404:
            return None
        raise


def per_release_api_answers(name: str, version: str) -> bool:
    try:
        return get_json(f"{PYPI}/{name}/{version}/json") is not None
    except OSError:
        return False


def ids(vuln: dict) -> str:
    return " / ".join([vuln["id"], *vuln.get("aliases", [])])


def project_json_audit(locked: dict[str, str], ignore: set[str], strict: bool) -> int:
    print("audit: PyPI's per-release JSON API (pip-audit's service) does not answer from here;"
          " checking the per-project JSON API (advisories of each project's latest release)")

    def fetch(name: str) -> tuple[str, dict | OSError | None]:
        try:
            return name, get_json(f"{PYPI}/{name}/json")
        except OSError as e:
            return name, e

    with ThreadPoolExecutor(8) as pool:
        results = dict(pool.map(fetch, sorted(locked)))
    found, behind, errors = [], [], []
    for name, version in sorted(locked.items()):
        data = results[name]
        if isinstance(data, OSError) or data is None:
            errors.append(f"{name}=={version}: {data or 'not on PyPI'}")
            continue
        latest = data["info"]["version"]
        vulns, seen = [], set()  # one advisory is often listed under its PYSEC and GHSA ids
        for v in data.get("vulnerabilities") or []:
            names = {v["id"], *v.get("aliases", [])}
            if v.get("withdrawn") is None and not names & (ignore | seen):
                vulns.append(v)
                seen |= names
        if version == latest:
            found += [f"{name}=={version}: {ids(v)}; fixed in {', '.join(v.get('fixed_in') or []) or '-'}"
                      for v in vulns]
        else:
            unfixed = [ids(v) for v in vulns if not v.get("fixed_in")]
            behind.append(f"{name}=={version} (latest {latest})"
                          + (f"; latest has unfixed {', '.join(unfixed)}" if unfixed else ""))
    audited = len(locked) - len(behind) - len(errors)
    print(f"audit: {len(locked)} locked packages, {audited} audited (locked at their latest release)")
    for line in found:
        print(f"  VULNERABLE {line}")
    if behind:
        print(f"audit: {len(behind)} not audited here (locked behind their latest release):")
        for line in behind:
            print(f"  {line}")
    for line in errors:
        print(f"  ERROR {line}")
    if found:
        print(f"audit: {len(found)} known vulnerabilities")
        return 1
    if errors or (strict and behind):
        return 1
    print("audit: no known vulnerabilities in the audited packages")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("lock")
    ap.add_argument("--ignore", action="append", default=[], metavar="ID")
    ap.add_argument("--strict", action="store_true", help="fail on packages that could not be audited")
    args = ap.parse_args()
    locked = pins(args.lock)
    if not locked:
        sys.exit(f"audit: no name==version pins in {args.lock}")
    probe = "pip" if "pip" in locked else next(iter(locked))
    if per_release_api_answers(probe, locked[probe]):
        cmd = [sys.executable, "-m", "pip_audit", "-r", args.lock, "--require-hashes", "--disable-pip",
               "--strict", "--progress-spinner", "off"]
        for vid in args.ignore:
            cmd += ["--ignore-vuln", vid]
        print("audit:", " ".join(cmd[2:]))
        return subprocess.call(cmd)
    try:
        get_json(f"{PYPI}/{probe}/json")
    except OSError as e:
        print(f"audit: no vulnerability service answers from here (PyPI: {e}); nothing audited")
        return 1
    return project_json_audit(locked, set(args.ignore), args.strict)


if __name__ == "__main__":
    sys.exit(main())
