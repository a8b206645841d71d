"""Keep demo data and real data apart: a data dir remembers which kind of API filled it."""

from __future__ import annotations

import json
from pathlib import Path

from ingestion.errors import UsageError

MARKER_NAME = ".sbf-source.json"


def claim_data_dir(data_dir: Path, demo: bool) -> None:
    """Record the data dir's kind on first use; refuse to mix demo and real data later."""
    marker = data_dir / MARKER_NAME
    wanted = "demo" if demo else "api"
    if marker.exists():
        recorded = json.loads(marker.read_text()).get("kind")
        if recorded != wanted:
            if recorded == "demo":
                advice = (
                    f"it holds demo data. Point SBF_DATA_DIR at another directory for real data "
                    f"(e.g. SBF_DATA_DIR={data_dir.parent / 'data-fmp'}), or delete {data_dir} to start over"
                )
            else:
                advice = (
                    "it holds data from the real API (FMP_API_KEY was set). Set FMP_API_KEY again, or point "
                    f"SBF_DATA_DIR at another directory for the demo (e.g. SBF_DATA_DIR={data_dir.parent / 'data-demo'})"
                )
            raise UsageError(f"refusing to use data dir {data_dir}: {advice}")
        return
    data_dir.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps({"kind": wanted}) + "\n")
