"""The import rules of pyproject.toml's [tool.importlinter] contracts hold:
- storage (bronze, reconcile) knows no HTTP: it imports neither ingestion.fmp nor an HTTP library,
  directly or through another module;
- the demo API stands for FMP and imports nothing of the ingestor (the trading calendar both use is
  the neutral package sbf_calendar).
"""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CONTRACTS = (
    "Storage knows no HTTP: bronze and reconcile import neither the HTTP client nor an HTTP library",
    "The demo API stands for FMP: it imports nothing of the ingestor it serves",
)


def test_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    # --no-cache: nothing written into the repository
    done = subprocess.run([str(lint), "--no-cache", "--no-logo"], cwd=REPO, capture_output=True, text=True)
    report = " ".join(done.stdout.split())  # the report wraps long contract names
    assert done.returncode == 0, done.stdout + done.stderr
    # a contract dropped from pyproject.toml would leave the rule unchecked: each must be there, and kept
    for name in CONTRACTS:
        assert f"{name} KEPT" in report, report
