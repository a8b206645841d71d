"""sbf run: order of stages, chunks, replays, cadence, watermarks, windows and run summaries.

Real demo API (in this process, reached over loopback as an FMP-compatible server), real sbf
subprocesses, real DuckDB, real dbt.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import duckdb
import pytest

from ingestion.demo_api import DemoApiServer, DemoSettings
from sbf_calendar import trading_days

from .conftest import SKELETON_DATASETS, make_workspace

pytestmark = pytest.mark.e2e

TICKERS_12 = "AAPL,MSFT,AMZN,GOOGL,META,AMD,TSLA,NFLX,PEP,JPM,BAC,MA"


@pytest.fixture(scope="module")
def demo():
    with DemoApiServer(DemoSettings()) as server:
        yield server


def api_workspace(tmp_path, demo, **extra):
    return make_workspace(tmp_path, FMP_API_KEY="test-key", FMP_BASE_URL=demo.base_url, FMP_PLAN="ultimate", **extra)


@pytest.fixture(scope="module")
def chunked(tmp_path_factory, demo):
    """One full run: 12 tickers in chunks of 5 (5, 5, 2)."""
    ws = api_workspace(tmp_path_factory.mktemp("chunked"), demo)
    proc = ws.sbf("run", "--tickers", TICKERS_12, "--chunk-size", "5", "--datasets", SKELETON_DATASETS)
    return ws, proc


def test_chunks_have_the_requested_sizes_and_log_start_and_finish(chunked):
    _, proc = chunked
    log = proc.stderr
    starts = re.findall(r"chunk (\d)/(\d) \[(\S+)\.\.(\S+)\]: start \((\d+) tickers\)", log)
    assert [(k, n, size) for k, n, _, _, size in starts] == [("1", "3", "5"), ("2", "3", "5"), ("3", "3", "2")]
    assert starts[0][2:4] == ("AAPL", "META") and starts[2][2:4] == ("BAC", "MA")
    assert len(re.findall(r"chunk \d/3 .*: finish \| files ok \d+, empty \d+, failed \d+ \| [\d.]+s", log)) == 3
    assert re.search(r"Ingestion complete\. run_id=\S+ \| elapsed_seconds=[\d.]+", log)
    assert re.search(r"Orchestration complete\. Elapsed time: \d+:\d\d:\d\d\.\d+", log)


def test_non_ticker_first_and_every_file_promoted(chunked):
    ws, _ = chunked
    rows = ws.query(
        """
        select ticker, dataset, bronze_ingest_start_time, silver_ingest_end_time, gold_ingest_end_time
        from ops.file_ingestions where bronze_can_promote
        """
    )
    stock = [r for r in rows if r[1] == "stock-list"]
    tickers = [r for r in rows if r[0]]
    assert stock and all(r[3] is not None and r[4] is not None for r in rows)
    # The stock list (the universe) was fetched before any ticker file.
    assert stock[0][2] < min(r[2] for r in tickers)


@pytest.fixture(scope="module")
def overlapped(tmp_path_factory):
    """A run whose fetching outlasts its first promotion by construction: a key limited to 90 calls a
    minute (the 60 calls of 12 tickers take ~40 s, longer than dbt's import, parse and a promotion even
    on a loaded machine), chunks of one ticker, on a warehouse whose dbt parse is already cached (a
    first run fetched one other ticker)."""
    with DemoApiServer(DemoSettings()) as demo:
        ws = api_workspace(tmp_path_factory.mktemp("overlap"), demo, FMP_CALLS_PER_MINUTE="90")
        ws.sbf("run", "--tickers", "XOM", "--datasets", SKELETON_DATASETS)
        proc = ws.sbf("run", "--tickers", TICKERS_12, "--chunk-size", "1", "--datasets", SKELETON_DATASETS)
    return ws, proc


def test_fetching_goes_on_while_a_promotion_runs_and_every_file_is_promoted_once(overlapped):
    ws, proc = overlapped
    (run_id,) = ws.query("select run_id from ops.runs order by started_at desc limit 1")[0]
    new_files = {r[0] for r in ws.query("select file_id from ops.file_ingestions where run_id = ?", [run_id])}
    rows = ws.query(
        """
        select file_id, bronze_ingest_start_time, silver_ingest_start_time, silver_ingest_end_time,
               gold_ingest_end_time, silver_rows_created + silver_rows_updated, bronze_rows
        from ops.file_ingestions where bronze_can_promote and ticker <> ''
        """
    )
    rows = [r for r in rows if r[0] in new_files]
    assert len(rows) == 12 * 5 and all(r[3] is not None and r[4] is not None for r in rows)
    # Fetching went on while dbt promoted: the run took less than its fetching and its dbt time end to
    # end (a pipeline that waits for each promotion takes at least their sum). The 60 calls at 90 a
    # minute take ~40 s; dbt's promotions run during them.
    (promotions, fetch_s, dbt_s, elapsed_s) = ws.query(
        "select promotions, fetch_seconds, dbt_seconds, elapsed_seconds from ops.runs where run_id = ?", [run_id])[0]
    overlap_s = fetch_s + dbt_s - elapsed_s
    assert promotions >= 2 and overlap_s > 0.25 * fetch_s, (promotions, fetch_s, dbt_s, elapsed_s)
    # Files fetched after a promotion began were loaded by a later one (the ledger held still under it).
    first_start = min(r[2] for r in rows)
    later = [r for r in rows if r[1] > first_start]
    assert later and all(r[2] > first_start for r in later)
    # Every file's rows are in silver once: a new identity's rows are all created by its own file.
    assert all(r[5] == r[6] for r in rows), [r for r in rows if r[5] != r[6]][:3]
    loaded = ws.scalar("select count(*) from silver.historical_price_eod_full")
    assert loaded == ws.scalar(
        "select sum(bronze_rows) from ops.file_ingestions where dataset = 'historical-price-eod-full' and bronze_can_promote")


def test_the_tail_is_counted_from_the_last_fetch(overlapped):
    """dbt_tail_seconds is the dbt time fetching could not hide: it starts when the last fetch ends, so
    it holds the promotion of the last files fetched (and the wait for the one running then), not only
    what the end of the run builds after them."""
    ws, _ = overlapped
    (run_id, tail) = ws.query("select run_id, dbt_tail_seconds from ops.runs order by started_at desc limit 1")[0]
    tail_start, last_fetch, last_stamp = ws.query(
        """
        select runs.started_at + to_microseconds(cast((runs.elapsed_seconds - runs.dbt_tail_seconds) * 1e6 as bigint)),
               max(files.bronze_ingest_end_time), max(files.silver_ingest_start_time)
        from ops.runs as runs join ops.file_ingestions as files using (run_id)
        where run_id = ? group by all
        """, [run_id])[0]
    # the last files were stamped by a promotion inside the tail (0.1 s: the clocks' rounding)
    assert last_fetch <= tail_start + timedelta(seconds=0.1), (last_fetch, tail_start, tail)
    assert tail_start <= last_stamp + timedelta(seconds=0.1), (tail_start, last_stamp, tail)


def test_each_promotion_tests_what_it_builds_and_the_end_only_what_changed_since(overlapped):
    """Row-level and uniqueness tests run in the promotion that loads the rows; the end of the run makes the tests
    no promotion passed after what they read last changed: those reading whole tables or several
    tables built apart, and the checks of the whole ledger."""
    _, proc = overlapped
    promotions = re.findall(r"dbt build models \((.*)\): (\d+) nodes", proc.stderr)
    assert len(promotions) >= 2 and all("source:ops" in selection for selection, _ in promotions)
    ends = re.findall(r"dbt build tests \((.*)\): (\d+) nodes, 0 failed", proc.stderr)
    assert len(ends) == 1, proc.stderr[-3000:]
    at_end = set(ends[0][0].split())
    # built by the promotions, tested by them: the end does not test it again
    assert "not_null_fct_daily_prices_symbol" not in at_end
    assert "ohlc_is_consistent_fct_daily_prices_close__high__low__open" not in at_end
    # uniqueness too: scoped to what can collide with the rows a promotion loads
    assert "unique_combination_of_columns_fct_daily_prices_symbol__date" not in at_end
    assert "unique_combination_of_columns_fct_price_features_symbol__trading_day_index" not in at_end
    # reads a whole table, and two tables: once, at the end
    assert "relationships_fct_daily_prices_symbol__symbol__ref_dim_instrument_" in at_end
    # the ledger checks (tag ledger): only at the end
    assert {"source_unique_ops_file_ingestions_file_id", "assert_ops_gold_columns_are_consistent"} <= at_end
    assert int(ends[0][1]) == len(at_end)


def test_run_row_counts_and_timings(chunked):
    ws, proc = chunked
    (status, requests, ok, failed, chunks, silver_rows, gold_rows, fetch_s, dbt_s, args) = ws.query(
        "select status, requests, files_ok, files_failed, chunks, silver_rows, gold_rows, fetch_seconds, dbt_seconds, arguments from ops.runs"
    )[0]
    files = ws.scalar("select count(*) from ops.file_ingestions")
    assert (status, failed, chunks) == ("success", 0, 3) and requests == files == ok == 1 + 12 * 5
    assert silver_rows == ws.scalar("select sum(silver_rows_created + silver_rows_updated) from ops.file_ingestions")
    assert gold_rows > 0 and fetch_s > 0 and dbt_s > 0
    assert '"chunk_size": 5' in args
    assert "dbt" in proc.stdout and "fetch" in proc.stdout
    # stdout is the run's one summary line: no names printed by the `dbt ls` behind the test phase
    assert len(proc.stdout.strip().splitlines()) == 1, proc.stdout[:2000]
    assert "parsing the dbt project" in proc.stderr


def test_second_run_same_day_fetches_nothing_and_counts_skips(chunked):
    ws, _ = chunked
    before = ws.scalar("select count(*) from ops.file_ingestions")
    proc = ws.sbf("run", "--tickers", TICKERS_12, "--chunk-size", "5", "--datasets", SKELETON_DATASETS)
    (requests, too_soon) = ws.query("select requests, skipped_too_soon from ops.runs order by started_at desc limit 1")[0]
    assert requests == 0 and too_soon == 1 + 12 * 5
    assert ws.scalar("select count(*) from ops.file_ingestions") == before
    assert "skipped too soon 61" in proc.stdout


def test_summaries_read_the_warehouse_and_report_a_held_lock(chunked):
    ws, _ = chunked
    runs = ws.sbf("runs").stdout
    run_id = ws.scalar("select run_id from ops.runs order by started_at limit 1")
    assert run_id in runs and "success" in runs
    detail = ws.sbf("runs", "show", run_id).stdout
    for section in ("bronze:", "silver:", "gold:", "errors:"):
        assert section in detail
    assert "historical-price-eod-full" in detail and "silver.historical_price_eod_full" in detail
    coverage = ws.sbf("datasets", "--dataset", "historical-price-eod-full").stdout
    aapl = next(line for line in coverage.splitlines() if "historical-price-eod-full" in line and " AAPL " in line)
    assert aapl.split()[-1] == "0", "no missing trading day expected"
    # by default one line per dataset (its tickers rolled up), the header aside
    rollup = ws.sbf("datasets").stdout.strip().splitlines()
    assert len(rollup) == 1 + ws.scalar("select count(distinct (dataset, discriminator)) from ops.file_ingestions")
    prices = next(line for line in rollup if line.split()[0] == "historical-price-eod-full")
    assert prices.split()[1] == "12"
    assert len(ws.sbf("datasets", "--ticker", "AAPL").stdout.strip().splitlines()) == 1 + 5
    # A writer holds the warehouse: the summaries say so and show the run's ops snapshot instead.
    holder = duckdb.connect(str(ws.warehouse))
    try:
        proc = ws.sbf("runs", check=False)
    finally:
        holder.close()
    assert proc.returncode == 0 and "in use by" in proc.stderr and "Traceback" not in proc.stderr
    assert "snapshot published" in proc.stderr and run_id in proc.stdout
    # Without a snapshot (none published yet) they stop with the same clear message.
    (ws.data_dir / "ops_snapshot.duckdb").rename(ws.data_dir / "snapshot.bak")
    holder = duckdb.connect(str(ws.warehouse))
    try:
        proc = ws.sbf("runs", check=False)
    finally:
        holder.close()
        (ws.data_dir / "snapshot.bak").rename(ws.data_dir / "ops_snapshot.duckdb")
    assert proc.returncode == 1 and "in use by" in proc.stderr and "Traceback" not in proc.stderr


def test_bronze_only_then_silver_only_then_gold_only_replays(tmp_path, demo):
    """The reference system's bug #4: a silver-only run must load files an earlier run fetched."""
    ws = api_workspace(tmp_path, demo)
    ws.sbf("run", "--no-silver", "--no-gold", "--tickers", "AAPL", "--no-ticker", "--datasets", SKELETON_DATASETS)
    assert ws.scalar("select count(*) from ops.file_ingestions where bronze_can_promote and silver_tablename is null") == 1
    ws.sbf("run", "--no-bronze", "--silver", "--no-gold", "--no-ticker")
    assert ws.scalar("select count(*) from silver.stock_list") > 0
    assert ws.scalar("select count(*) from ops.file_ingestions where silver_ingest_end_time is null") == 0
    assert ws.scalar("select count(*) from ops.file_ingestions where gold_tablename is not null") == 0
    # Ticker data fetched bronze-only is promoted by a later silver+gold replay.
    ws.sbf("run", "--no-silver", "--no-gold", "--tickers", "AAPL", "--no-non-ticker", "--datasets", SKELETON_DATASETS)
    ws.sbf("run", "--no-bronze", "--no-gold")
    assert ws.scalar("select count(*) from silver.historical_price_eod_full where symbol = 'AAPL'") > 1000
    ws.sbf("run", "--no-bronze", "--no-silver", "--gold")
    assert ws.scalar("select count(*) from ops.file_ingestions where bronze_can_promote and gold_tablename is null") == 0
    assert ws.scalar("select count(*) from gold.fct_daily_prices") == ws.scalar("select count(*) from silver.historical_price_eod_full")


def test_three_weeks_of_weekday_runs_leave_no_gap(tmp_path, demo):
    """A daily dataset run every weekday fetches every trading day (the reference fetched 2 of 5)."""
    start = date(2026, 3, 2)  # a Monday
    ws = api_workspace(tmp_path, demo, SBF_START_DATE=str(start))
    days = [start + timedelta(days=i) for i in range(21) if (start + timedelta(days=i)).weekday() < 5]
    for day in days:
        ws.sbf("run", "--as-of", str(day), "--tickers", "AAPL", "--datasets", "historical-price-eod-full",
               "--no-silver", "--no-gold")
    assert ws.scalar("select count(*) from ops.file_ingestions where bronze_error is not null") == 0
    assert ws.scalar("select count(*) from ops.runs where requests = 1") == len(days)
    covered = set()
    for lo, hi in ws.query("select bronze_from_date, bronze_to_date from ops.file_ingestions where bronze_can_promote"):
        covered |= set(trading_days(lo, hi))
    expected = set(trading_days(start, days[-1]))
    assert expected - covered == set()
    # Again on the last day: too soon.
    ws.sbf("run", "--as-of", str(days[-1]), "--tickers", "AAPL", "--datasets", "historical-price-eod-full",
           "--no-silver", "--no-gold")
    assert ws.query("select requests, skipped_too_soon from ops.runs order by started_at desc limit 1")[0] == (0, 1)


def test_empty_and_failed_answers_never_move_the_watermark(tmp_path, demo):
    friday, saturday, monday = date(2026, 3, 6), date(2026, 3, 7), date(2026, 3, 9)
    ws = api_workspace(tmp_path, demo, SBF_START_DATE="2026-03-02")
    # As-traded prices: an adjusted series would re-ask Friday on Saturday (rewrites_history), not get [].
    common = ["--tickers", "AAPL", "--datasets", "technicals-historical-price-eod-non-split-adjusted", "--no-silver",
              "--no-gold"]
    ws.sbf("run", "--as-of", str(friday), *common)
    ws.sbf("run", "--as-of", str(saturday), *common)  # Saturday..Saturday: [] from the server
    empty = ws.query("select bronze_rows, bronze_can_promote, bronze_error, bronze_to_date from ops.file_ingestions order by bronze_ingest_start_time desc limit 1")[0]
    assert empty == (0, False, None, None)
    # A failure (the API unreachable) on Monday: recorded, not promotable.
    broken = make_workspace(tmp_path, FMP_API_KEY="test-key", FMP_BASE_URL="http://127.0.0.1:9/stable", FMP_PLAN="ultimate",
                            SBF_START_DATE="2026-03-02")
    failed = broken.sbf("run", "--as-of", str(monday), *common, check=False)
    assert failed.returncode == 1
    assert ws.scalar("select count(*) from ops.file_ingestions where bronze_error is not null") == 1
    # The next good run asks from the day after Friday, the last non-empty success.
    ws.sbf("run", "--as-of", str(monday), *common)
    params = ws.scalar("select request_params from ops.file_ingestions where bronze_can_promote order by bronze_ingest_start_time desc limit 1")
    assert '"from": "2026-03-07"' in params and '"to": "2026-03-09"' in params


def test_dry_run_lists_due_and_skipped_requests_and_writes_nothing(chunked, tmp_path, demo):
    ws, _ = chunked
    files_before = ws.scalar("select count(*) from ops.file_ingestions")
    proc = ws.sbf("run", "--dry-run", "--tickers", "AAPL,MSFT")
    assert "skip     historical-price-eod-full AAPL: too soon (next due" in proc.stdout
    assert ws.scalar("select count(*) from ops.file_ingestions") == files_before
    later = ws.sbf("run", "--dry-run", "--tickers", "AAPL", "--as-of", str(date.today() + timedelta(days=1))).stdout
    assert re.search(r"due +historical-price-eod-full AAPL \d{4}-\d\d-\d\d\.\.\d{4}-\d\d-\d\d", later)
    fresh = api_workspace(tmp_path, demo)
    assert "due      stock-list" in fresh.sbf("run", "--dry-run").stdout
    assert not fresh.data_dir.exists()


@pytest.mark.parametrize(
    "args, culprit",
    [
        (["--from", "2026-02-30"], "--from '2026-02-30' is not a date"),
        (["--as-of", "2026-01-01", "--from", "2026-02-01"], "--from 2026-02-01 is after the run date 2026-01-01"),
        (["--datasets", "nope"], "unknown dataset 'nope'"),
    ],
)
def test_run_bad_input_exits_2_and_writes_nothing(tmp_path, demo, args, culprit):
    ws = api_workspace(tmp_path, demo)
    proc = ws.sbf("run", *args, check=False)
    assert proc.returncode == 2 and culprit in proc.stderr and "Traceback" not in proc.stderr
    assert not ws.data_dir.exists()


def test_a_run_tests_the_rows_loaded_since_the_last_run_that_passed(tmp_path, demo):
    """The data tests of an `sbf run` read the rows loaded since the last run whose tests passed, so their
    cost follows the new rows, and a bad row in that scope fails them. Uniqueness over other columns
    than the key reads the stored rows sharing a new row's values: fct_price_features is unique on
    (symbol, trading_day_index) as well as on its key (symbol, date); a new row colliding with a stored
    one fails it, two stored rows colliding were caught when they were loaded."""
    ws = api_workspace(tmp_path, demo, SBF_START_DATE="2026-10-01")
    args = ("--tickers", "AAPL", "--datasets", "historical-price-eod-full")
    ws.sbf("run", "--as-of", "2026-11-30", *args)
    # A stored row breaking OHLC consistency, older than the next run: that run's tests do not read it.
    con = duckdb.connect(str(ws.warehouse))
    con.execute("update gold.fct_daily_prices set high = low - 1 where date = date '2026-10-01'")
    con.close()
    ws.sbf("run", "--as-of", "2026-12-01", *args)  # exits 0: its tests passed
    assert ws.scalar("select status from ops.runs order by started_at desc limit 1") == "success"
    loaded = ws.scalar("select gold_loaded_at from gold.fct_daily_prices where date = date '2026-12-01'")
    assert ws.scalar("select count(*) from gold.fct_daily_prices where gold_loaded_at >= ?", [loaded]) == 1
    assert ws.scalar("select count(*) from gold.fct_price_features where gold_loaded_at >= ?", [loaded]) == 1
    # The same tests, scoped as that run scoped them (its rows: the one of 2026-12-01), on bad rows:
    con = duckdb.connect(str(ws.warehouse))
    # the new row breaks OHLC consistency too: one result, not two (the stored bad row stays unread)
    con.execute("update gold.fct_daily_prices set high = low - 1 where date = date '2026-12-01'")
    # two stored rows with the same index: outside the scope
    con.execute("update gold.fct_price_features set trading_day_index = 0 where date = date '2026-10-02'")
    # the new row given a stored row's index: in the scope, whatever the row it collides with
    con.execute("update gold.fct_price_features set trading_day_index = 2 where date = date '2026-12-01'")
    duplicated = con.execute("select count(*) from (select 1 from gold.fct_price_features "
                             "group by symbol, trading_day_index having count(*) > 1)").fetchone()[0]
    con.close()
    assert duplicated == 2  # both collisions are real: unscoped (`dbt build`), both are caught
    ohlc = "ohlc_is_consistent_fct_daily_prices_close__high__low__open"
    unique = "unique_combination_of_columns_fct_price_features_symbol__trading_day_index"
    # (one dbt invocation: each new --vars makes dbt parse the whole project again)
    scoped = ws.dbt("test", "--select", ohlc, unique, "--vars", f'{{"sbf_tested_since": "{loaded.isoformat()}"}}',
                    check=False, like_sbf=True)
    results = {name: count for count, name in re.findall(r"FAIL (\d+) (\w+) ", scoped.stdout)}
    # one bad row each: the new row's (a filter on new rows alone would miss the collision; no scope, two)
    assert results == {ohlc: "1", unique: "1"}, scoped.stdout[-3000:]
