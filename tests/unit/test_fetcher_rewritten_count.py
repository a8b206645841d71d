"""The fetcher counts rewritten histories per fetch stage: one Fetcher serves every stage (chunk)
of a run and the pipeline adds each stage's tally, so a cumulative count would be added twice.
The FMP client is faked (a canned response); bronze files and ops rows are real."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb

from ingestion.catalogue import load_catalogue, select_datasets
from ingestion.config import load_settings
from ingestion.fetcher import Fetcher, SourceClient
from ingestion.fmp import HttpResult
from ingestion.migrations import migrate
from ingestion.ops import insert_file_rows
from ingestion.plan import PlannedRequest

AS_OF = date(2026, 11, 20)
DATASET = "technicals-historical-price-eod-dividend-adjusted"


class RewrittenPast:
    """Answers every request with the same two days, at prices unlike the held ones."""

    def get(self, path: str, params: dict[str, str]) -> HttpResult:
        rows = [{"symbol": params["symbol"], "date": d, "adjClose": 99.0} for d in ("2026-11-20", "2026-11-19")]
        return HttpResult(200, json.dumps(rows).encode(), "application/json", 1.0, 1)


def held_file(data_dir: Path, ticker: str) -> str:
    relpath = f"held/{ticker}.json"
    (data_dir / "held").mkdir(parents=True, exist_ok=True)
    held = [{"symbol": ticker, "date": "2026-11-19", "adjClose": 10.0}]
    (data_dir / relpath).write_text(json.dumps({"envelope": {}, "payload": held}))
    return relpath


def test_each_stage_counts_only_its_own_rewritten_histories(tmp_path):
    settings = load_settings({"SBF_DATA_DIR": str(tmp_path), "SBF_START_DATE": "2026-11-01"}, today=AS_OF)
    (spec,) = select_datasets(load_catalogue(), [DATASET])
    fetcher = Fetcher(settings, {"fmp": SourceClient(RewrittenPast(), "")}, "run-1", AS_OF)  # type: ignore[arg-type]
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    migrate(con)
    counts = []
    for ticker in ("AAPL", "MSFT"):  # two chunks of one ticker each
        params = {"symbol": ticker, "from": "2026-11-14", "to": "2026-11-20"}
        request = PlannedRequest(spec, ticker, params, date(2026, 11, 14), AS_OF, held_file(tmp_path, ticker))
        tally = fetcher.fetch(lambda rows: insert_file_rows(con, rows), [request])
        counts.append((tally.rewritten_histories, tally.ok))
    # each stage: its overlap request saw a changed day and refetched the history in one window
    # (2 files), and counts that one identity, not the run's total so far
    assert counts == [(1, 2), (1, 2)]
    assert con.execute("select count(*) from ops.file_ingestions").fetchone()[0] == 4
