"""The silver stamps of ops.file_ingestions when a file holds a row whose key does not type.

The silver post-hook re-reads the keys only of the files that left fewer rows in the table than their
payload has (ops bronze_rows): a file whose rows all landed cannot have lost one. These tests make a
file that loses a row (a date that is not a date) and check that its loss is still counted, on an
incremental build and on a full refresh, and that a clean first load counts none.
"""

from __future__ import annotations

from .conftest import Workspace, restate_latest_file

DATASET = "historical-price-eod-full"
MODEL = "historical_price_eod_full"
TICKER = "AAPL"


def _stamps(ws: Workspace, file_id: str) -> tuple:
    return ws.query(
        "select silver_rows_created, silver_rows_updated, silver_rows_failed, silver_errors "
        "from ops.file_ingestions where file_id = ?", [file_id])[0]


def _bad_date_and_new_close(payload: list[dict]) -> None:
    """Row 0 loses its key (the date does not type); row 1 gets a new close (an update)."""
    payload[0]["date"] = "not-a-date"
    payload[1]["close"] = float(payload[1]["close"]) + 1.0


def test_a_row_whose_key_does_not_type_is_counted_on_increment_and_full_refresh(workspace: Workspace) -> None:
    ws = workspace
    ws.sbf("ingest", "--tickers", TICKER, "--datasets", DATASET)
    ws.dbt("run", "--select", MODEL)
    first_id, payload_rows = ws.query(
        "select file_id, bronze_rows from ops.file_ingestions where dataset = ? and bronze_can_promote", [DATASET])[0]
    assert payload_rows > 2
    # a clean first load: every row created, none failed (and no file had to be re-read to know it)
    assert _stamps(ws, first_id) == (payload_rows, 0, 0, None)

    restated = restate_latest_file(ws, DATASET, "", TICKER, _bad_date_and_new_close)
    ws.dbt("run", "--select", MODEL)
    created, updated, failed, errors = _stamps(ws, restated["file_id"])
    assert (created, updated, failed) == (0, 1, 1)
    assert errors == "1 row(s) not loaded: key (symbol, date) could not be typed"
    # the bad row did not reach silver, and the first file's row for that day is still there
    assert ws.scalar(f"select count(*) from silver.{MODEL}") == payload_rows

    # A full refresh reads both files in one batch: the first file keeps every row but the updated one
    # (fewer than its payload: re-read, nothing failed), the second lands its update and loses its bad row.
    ws.dbt("run", "--full-refresh", "--select", MODEL)
    assert _stamps(ws, first_id) == (payload_rows - 1, 0, 0, None)
    assert _stamps(ws, restated["file_id"])[:3] == (0, 1, 1)
