"""The code scan (bandit) and the dependency audit (pip-audit), run with the rest of the suite.

They are tests rather than extra steps in .ci/run so that the README's one test command
stays the whole of CI, a developer runs them exactly as CI does, and a finding is named in
pytest's report. That API keys never reach the logs is tested in tests/test_request_log.py.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("service", "training", "benchmarks")
# A finding accepted where it stands names the checks it silences and says why, on the same
# line (`# nosec B106  # why`) or in the comment line above: a bare `# nosec` hides every check.
NOSEC = re.compile(r"#\s*nosec\b(?P<rest>.*)")
NAMED_CHECKS = re.compile(r" B\d{3}(?:,B\d{3})*(?P<reason>  # \S.*)?$")
# Known vulnerabilities accepted after review, passed to pip-audit as --ignore-vuln:
# {"GHSA-…": "why it cannot reach us, and until when"}. None so far.
ACCEPTED_VULNERABILITIES: dict[str, str] = {}
# The virtual environment's installer comes with Python, not from our requirements files.
NOT_OUR_PINS = {"pip", "setuptools"}


def test_code_scan_has_no_unaccepted_findings():
    """bandit with the [tool.bandit] settings of pyproject.toml, every severity."""
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-c", "pyproject.toml", "-r", "-q", "-f", "json", *SCANNED],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.stdout, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["errors"] == []
    findings = [f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}" for r in report["results"]]
    assert findings == [], "fix each, or accept it in place: `# nosec BXXX  # why`"


def test_every_nosec_names_its_checks_and_says_why():
    unjustified = []
    for path in sorted(path for folder in SCANNED for path in (ROOT / folder).rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if not (nosec := NOSEC.search(line)):
                continue
            named = NAMED_CHECKS.match(nosec["rest"])
            explained_above = number > 0 and lines[number - 1].lstrip().startswith("#")
            if not named or not (named["reason"] or explained_above):
                unjustified.append(f"{path.relative_to(ROOT)}:{number + 1}: {line.strip()}")
    assert unjustified == []


def test_installed_packages_have_no_known_vulnerabilities(tmp_path):
    """pip-audit over every package the suite runs with: requirements-dev.txt as pip resolved
    it, the runtime's requirements.txt included. Auditing the installed versions pinned, with
    --no-deps, looks each one up without downloading and resolving them all again."""
    installed = sorted({
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
        if dist.metadata["Name"] and dist.metadata["Name"].lower() not in NOT_OUR_PINS
    })
    pins = tmp_path / "installed.txt"
    pins.write_text("\n".join(installed) + "\n", encoding="utf-8")
    accepted = [argument for vulnerability in ACCEPTED_VULNERABILITIES for argument in ("--ignore-vuln", vulnerability)]
    result = subprocess.run(
        [sys.executable, "-m", "pip_audit", "--requirement", str(pins), "--no-deps", "--disable-pip",
         "--format", "json", "--progress-spinner", "off", *accepted],
        capture_output=True, text=True, timeout=300,
    )
    if not result.stdout.strip():
        if "requests.exceptions." in result.stderr:
            pytest.skip(f"pip-audit reached no vulnerability service: {result.stderr.strip().splitlines()[-1]}")
        pytest.fail(result.stderr[-2000:])
    dependencies = json.loads(result.stdout)["dependencies"]
    found = [f"{d['name']} {d['version']}: {v['id']} (fixed in {', '.join(v['fix_versions']) or 'no release yet'})"
             for d in dependencies for v in d.get("vulns", [])]
    assert found == [], "upgrade the pin, or accept the finding in ACCEPTED_VULNERABILITIES with a reason"
    unaudited = [d["skip_reason"] for d in dependencies if "skip_reason" in d]
    if unaudited:
        # Not a pass: say so in pytest's summary. (Where PyPI's JSON API answers 404 for every
        # /pypi/<name>/<version>/json, pip-audit's default service cannot audit anything.)
        pytest.skip(f"pip-audit could not audit {len(unaudited)} of {len(dependencies)} packages, "
                    f"e.g. {unaudited[0]}")
