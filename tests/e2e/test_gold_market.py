"""Gold for the market datasets end to end: FX, commodity and crypto bars, the bulk day bar, sector and
industry snapshots, exchange holidays and hours, FMP's lists, delistings, bulk profiles and the screener.

Two real `sbf run`s on the built-in demo API (no key; the first two tickers of every universe, two
months of history): one "yesterday" (`--as-of` the trading day before the last one), one on the next
trading day, which fetches the daily datasets again. Each run is the whole pipeline (bronze, silver,
gold, the views at the end, the data tests), so the dims that are views stamp their files as `sbf
run` builds them. After both: every promotable file of these datasets is stamped by the gold table
that consumes it, the facts equal silver (counts, sums, row by row), and the second run merged only
its own rows (rows tampered with in between survive: a full rebuild would have restored them).
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pytest

from sbf_calendar import last_trading_day_on_or_before

from .conftest import Workspace, make_workspace

pytestmark = pytest.mark.e2e

#: dataset -> the gold table that consumes (stamps) its files
CONSUMER = {
    "fx-price-eod": "gold.fct_fx_daily_prices",
    "commodities-price-eod": "gold.fct_commodity_daily_prices",
    "crypto-price-eod": "gold.fct_crypto_daily_prices",
    "eod-bulk-price": "gold.fct_daily_prices",
    "market-holidays": "gold.fct_exchange_holidays",
    "market-hours": "gold.dim_exchange",
    "market-exchanges": "gold.dim_exchange",
    "market-countries": "gold.dim_country",
    "market-sectors": "gold.dim_sector",
    "market-industries": "gold.dim_industry",
    "market-sector-performance": "gold.fct_sector_daily",
    "market-sector-pe": "gold.fct_sector_daily",
    "market-industry-performance": "gold.fct_industry_daily",
    "market-industry-pe": "gold.fct_industry_daily",
    "market-screener": "gold.dim_instrument",
    "company-delisted": "gold.dim_instrument",
    "company-profile-bulk": "gold.dim_instrument",
}
#: what the market datasets are read with: the universes, and per-ticker profiles and prices of two stocks
#: (so that the bulk profile and the bulk day bar compete with per-ticker files for those two only)
COMPANIONS = ["stock-list", "forex-list", "commodities-list", "cryptocurrency-list", "company-profile",
              "historical-price-eod-full", "technicals-historical-price-eod-non-split-adjusted"]
DATASETS = ",".join([*CONSUMER, *COMPANIONS])
#: (fact, silver table) of the daily bars
BARS = [("fct_fx_daily_prices", "fx_price_eod"), ("fct_commodity_daily_prices", "commodities_price_eod"),
        ("fct_crypto_daily_prices", "crypto_price_eod")]
TAMPERED = "tampered"


def last_trading_days() -> tuple[date, date]:
    """The last NYSE trading day up to today, and the one before it."""
    day = last_trading_day_on_or_before(date.today())
    return last_trading_day_on_or_before(day - timedelta(days=1)), day


DAY_ONE, DAY_TWO = last_trading_days()


def run_day(ws: Workspace, day: date) -> None:
    ws.sbf("run", "--as-of", day.isoformat(), "--datasets", DATASETS, "--ticker-limit", "2")


@pytest.fixture(scope="module")
def market(tmp_path_factory) -> dict:
    ws = make_workspace(tmp_path_factory.mktemp("market"), SBF_START_DATE=(DAY_ONE - timedelta(days=60)).isoformat())
    run_day(ws, DAY_ONE)
    first = {
        "bars": {fact: ws.query(f"select symbol, date, gold_loaded_at from gold.{fact}") for fact, _ in BARS},
        "files": ws.scalar("select count(*) from ops.file_ingestions"),
    }
    # Between the runs, one consumed row of each incremental fact is marked in a column no test reads: an
    # incremental build leaves it alone, a full rebuild would restore it.
    con = duckdb.connect(str(ws.warehouse))
    try:
        con.execute("update gold.fct_fx_daily_prices set created_file_id = ? "
                    "where (symbol, date) = (select (symbol, date) from gold.fct_fx_daily_prices order by all limit 1)",
                    [TAMPERED])
        con.execute("update gold.fct_sector_daily set performance_created_file_id = ? "
                    "where (date, sector, exchange) = (select (date, sector, exchange) from gold.fct_sector_daily "
                    "order by all limit 1)", [TAMPERED])
        con.execute("update gold.fct_exchange_holidays set created_file_id = ? "
                    "where (exchange, date) = (select (exchange, date) from gold.fct_exchange_holidays "
                    "order by all limit 1)", [TAMPERED])
    finally:
        con.close()
    run_day(ws, DAY_TWO)
    return {"ws": ws, "first": first}


# ------------------------------------------------------------------ every file has its gold consumer

def test_every_promotable_file_of_the_market_datasets_is_stamped_by_its_gold_table(market):
    ws: Workspace = market["ws"]
    stamped = ws.query(
        "select dataset, gold_tablename, count(*) from ops.file_ingestions where bronze_can_promote "
        f"and dataset in ({', '.join('?' * len(CONSUMER))}) group by all", list(CONSUMER))
    assert {(dataset, table) for dataset, table, _ in stamped} == set(CONSUMER.items())
    # and none lacks its silver or gold stamp (a dataset without a consumer would show here)
    assert ws.query(
        "select dataset, file_id from ops.file_ingestions where bronze_can_promote "
        f"and dataset in ({', '.join('?' * len(CONSUMER))}) "
        "and (silver_ingest_end_time is null or gold_ingest_end_time is null)", list(CONSUMER)) == []
    # the daily datasets were fetched on both days, the snapshots for each run date
    days = dict(ws.query("select dataset, count(distinct as_of_date) from ops.file_ingestions "
                         "where bronze_can_promote group by dataset"))
    for dataset in ("fx-price-eod", "crypto-price-eod", "eod-bulk-price", "market-hours",
                    "market-sector-performance", "market-industry-pe"):
        assert days[dataset] == 2, dataset


# ------------------------------------------------------------------ the facts equal silver

@pytest.mark.parametrize("fact, silver", BARS)
def test_daily_bars_equal_silver_row_by_row(market, fact, silver):
    ws: Workspace = market["ws"]
    columns = "symbol, date, open, high, low, close, volume, file_id"
    got = ws.query(f"select {columns} from gold.{fact} order by symbol, date")
    assert got == ws.query(f"select {columns} from silver.{silver} order by symbol, date")
    assert len({row[0] for row in got}) == 2 and {DAY_ONE, DAY_TWO} <= {row[1] for row in got}
    # the symbols are the asset class's instruments
    kind = {"fct_fx_daily_prices": "forex", "fct_commodity_daily_prices": "commodity",
            "fct_crypto_daily_prices": "crypto"}[fact]
    assert {t for (t,) in ws.query(f"select distinct i.instrument_type from gold.{fact} join gold.dim_instrument i "
                                   "using (symbol)")} == {kind}


def test_sector_and_industry_days_carry_both_snapshots(market):
    ws: Workspace = market["ws"]
    for group in ("sector", "industry"):
        expected = ws.query(
            f"select date, {group}, exchange, p.average_change, v.pe from silver.market_{group}_performance p "
            f"full join silver.market_{group}_pe v using (date, {group}, exchange) order by all")
        got = ws.query(f"select date, {group}, exchange, average_change, pe from gold.fct_{group}_daily order by all")
        assert got == expected, group
        assert {row[0] for row in got} == {DAY_ONE, DAY_TWO}, group
        # a couple of figures: the day's average change over all sectors equals silver's
        for day in (DAY_ONE, DAY_TWO):
            assert ws.scalar(f"select sum(average_change) from gold.fct_{group}_daily where date = ?", [day]) == \
                pytest.approx(ws.scalar(f"select sum(average_change) from silver.market_{group}_performance "
                                        "where date = ?", [day]))
        # every group is a member of its dim
        assert ws.query(f"select {group} from gold.fct_{group}_daily except select {group} from gold.dim_{group}") == []


def test_exchange_holidays_are_one_row_per_exchange_and_day(market):
    ws: Workspace = market["ws"]
    assert ws.scalar("select sum(holidays) from gold.fct_exchange_holidays") == ws.scalar(
        "select count(*) from silver.market_holidays")
    assert ws.scalar("select count(*) from gold.fct_exchange_holidays") == ws.scalar(
        "select count(distinct (exchange, date)) from silver.market_holidays")
    exchanges = [e for (e,) in ws.query("select distinct exchange from gold.fct_exchange_holidays")]
    assert len(exchanges) == 2
    # the US exchanges' holidays are NYSE's: they agree with dim_date's calendar
    us = [e for e in exchanges if e in ("AMEX", "NASDAQ", "NYSE")]
    for exchange in us:
        assert ws.query(
            "select h.date from gold.fct_exchange_holidays h join gold.dim_date d using (date) "
            "where h.exchange = ? and h.is_closed and not d.is_nyse_holiday", [exchange]) == []


# ------------------------------------------------------------------ the bulk day bar in fct_daily_prices

def test_bulk_day_bars_fill_the_as_traded_basis_where_they_are_the_latest_file(market):
    ws: Workspace = market["ws"]
    rows = ws.query(
        "select b.symbol, b.date, b.close, b.volume, b.file_id, f.as_traded_close, f.as_traded_volume, "
        "f.as_traded_file_id, f.close, s.file_id as series_file_id "
        "from silver.eod_bulk_price b join gold.fct_daily_prices f using (symbol, date) "
        "left join silver.technicals_historical_price_eod_non_split_adjusted s using (symbol, date)")
    bulk_rows = ws.scalar("select count(*) from silver.eod_bulk_price")
    assert bulk_rows == len(rows) > 2, "every bulk bar of a stock has its day in fct_daily_prices"
    per_ticker = {r[0] for r in rows if r[9] is not None}
    bulk_only = [r for r in rows if r[9] is None]
    assert len(per_ticker) == 2 and bulk_only
    for symbol, day, close, volume, file_id, at_close, at_volume, at_file, split_close, _ in bulk_only:
        # the only as-traded bar of the day: the bulk's; no split-adjusted series for these symbols
        assert (at_close, at_volume, at_file, split_close) == (close, volume, file_id, None), (symbol, day)
    # the two stocks with a per-ticker series: that series was fetched after the bulk on both days, so it wins
    for symbol, day, close, _, _, at_close, _, at_file, _, series_file in rows:
        if symbol in per_ticker:
            assert at_file == series_file and at_close == pytest.approx(close), (symbol, day)
    # the price features ignore the days known only in bulk
    assert ws.scalar("select count(*) from gold.fct_price_features where symbol in "
                     "(select symbol from silver.eod_bulk_price except select symbol from silver.historical_price_eod_full)") == 0


# ------------------------------------------------------------------ dims

def test_dim_exchange_has_fmps_list_and_the_latest_hours(market):
    ws: Workspace = market["ws"]
    listed = ws.query("select exchange, name, country_code from silver.market_exchanges order by exchange")
    got = dict((e, (n, c, tz, o, hours_day)) for e, n, c, tz, o, hours_day in ws.query(
        "select exchange, exchange_full_name, country_code, timezone, opening_time, hours_as_of_date "
        "from gold.dim_exchange"))
    assert len(listed) == 7
    for exchange, _, country in listed:
        assert got[exchange][1] == country and got[exchange][2] is not None, exchange
        assert got[exchange][4] == DAY_TWO, "the hours come from the latest snapshot"
    assert str(got["LSE"][3]) == "08:00:00" and got["LSE"][2] == "Europe/London"
    # every exchange an instrument trades on is a member (dim_company's relationship holds)
    assert ws.query("select exchange from gold.dim_instrument where exchange is not null "
                    "except select exchange from gold.dim_exchange") == []
    for dim, key, silver, column in (("dim_sector", "sector", "market_sectors", "sector"),
                                     ("dim_industry", "industry", "market_industries", "industry"),
                                     ("dim_country", "country_code", "market_countries", "country")):
        assert ws.query(f"select {column} from silver.{silver} except select {key} from gold.{dim}") == [], dim
    assert ws.scalar("select country_name from gold.dim_country where country_code = 'GB'") == "United Kingdom"


def test_delisted_companies_bulk_profiles_and_the_screener_describe_instruments(market):
    ws: Workspace = market["ws"]
    delisted = ws.query("select symbol, max(delisted_date) from silver.company_delisted group by symbol")
    got = dict(ws.query("select symbol, delisted_on from gold.dim_company where is_delisted"))
    assert got == dict(delisted) and len(got) > 5
    assert ws.scalar("select count(*) from gold.dim_company where is_delisted and is_actively_trading") == 0
    # profiles: per symbol the latest file of the per-ticker and the bulk profiles. The bulk is daily, the
    # per-ticker profile yearly: the first day's per-ticker profiles (fetched after the bulk) lost to the
    # second day's bulk wherever it changed something (the price, at least)
    candidates: dict[str, list] = {}
    for table in ("company_profile", "company_profile_bulk"):
        for symbol, ingested_at, file_id in ws.query(f"select symbol, ingested_at, file_id from silver.{table}"):
            candidates.setdefault(symbol, []).append((ingested_at, file_id))
    latest = {symbol: max(versions)[1] for symbol, versions in candidates.items()}
    profiles = dict(ws.query("select symbol, profile_file_id from gold.dim_instrument where has_profile"))
    assert profiles == latest
    assert ws.scalar("select count(*) from silver.company_profile") == 2 and len(profiles) > 2
    second_day_bulk = ws.query(
        "select file_id from ops.file_ingestions where dataset = 'company-profile-bulk' and as_of_date = ?", [DAY_TWO])
    assert {f for (f,) in second_day_bulk} & set(profiles.values()), "the daily bulk keeps profiles fresh"
    # the trading currency comes from the per-ticker profile even where the bulk's differs
    for symbol, currency in ws.query("select symbol, currency from silver.company_profile"):
        assert ws.scalar("select currency from gold.dim_instrument where symbol = ?", [symbol]) == currency
    # the screener classifies every symbol it lists, and agrees with the profiles here
    assert ws.query("select symbol, sector, industry from silver.market_screener "
                    "except select symbol, sector, industry from gold.dim_instrument") == []


# ------------------------------------------------------------------ incremental

def test_the_second_run_merged_only_its_own_rows(market):
    ws: Workspace = market["ws"]
    for fact, _ in BARS:
        before = {(s, d): loaded for s, d, loaded in market["first"]["bars"][fact]}
        now = {(s, d): loaded for s, d, loaded in ws.query(f"select symbol, date, gold_loaded_at from gold.{fact}")}
        assert before and all(now[key] == loaded for key, loaded in before.items()), fact
        new = {key for key in now if key not in before}
        assert new and all(DAY_ONE < d <= DAY_TWO for _, d in new), fact
        assert len({now[key] for key in new}) == 1 and now[next(iter(new))] > max(before.values()), fact
    # the marked rows survived the second run's builds
    assert ws.scalar("select count(*) from gold.fct_fx_daily_prices where created_file_id = ?", [TAMPERED]) == 1
    assert ws.scalar("select count(*) from gold.fct_sector_daily where performance_created_file_id = ?",
                     [TAMPERED]) == 1
    assert ws.scalar("select count(*) from gold.fct_exchange_holidays where created_file_id = ?", [TAMPERED]) == 1
    # the second run's files were stamped with the rows they brought
    second_run = ws.scalar("select max(run_id) from ops.file_ingestions")
    stamped = dict(ws.query(
        "select dataset, sum(gold_rows_created) from ops.file_ingestions where run_id = ? and bronze_can_promote "
        "group by dataset", [second_run]))
    assert stamped["market-sector-performance"] == ws.scalar(
        "select count(*) from gold.fct_sector_daily where date = ? and average_change is not null", [DAY_TWO])
    assert stamped["fx-price-eod"] == ws.scalar(
        "select count(*) from gold.fct_fx_daily_prices where file_id in "
        "(select file_id from ops.file_ingestions where run_id = ?)", [second_run]) > 0


# ------------------------------------------------------------------ the silver comparison can fail

def test_figure_equals_fails_when_gold_lost_a_row(market):
    """A bar deleted from gold fails the fact's comparisons with silver, and the failure shows both figures.
    Done on the module's warehouse (its dbt parse is reused) and undone afterwards."""
    ws: Workspace = market["ws"]
    silver_rows = ws.scalar("select count(*) from silver.crypto_price_eod")
    con = duckdb.connect(str(ws.warehouse))
    try:
        con.execute("create table main.lost_bars as select * from gold.fct_crypto_daily_prices where date = ?",
                    [DAY_TWO])
        con.execute("delete from gold.fct_crypto_daily_prices where date = ?", [DAY_TWO])
    finally:
        con.close()
    try:
        lost = silver_rows - ws.scalar("select count(*) from gold.fct_crypto_daily_prices")
        assert lost > 0
        result = ws.dbt("test", "--select", "fct_crypto_daily_prices,test_name:figure_equals", "--store-failures",
                        check=False, like_sbf=True)
        assert result.returncode != 0
        tables = ws.query("select table_name from information_schema.tables where table_schema = 'dbt_test__audit' "
                          "and table_name like 'figure_equals_fct_crypto%'")
        figures = [row for (table,) in tables for row in ws.query(
            f"select expression, model_figure, compare_figure from dbt_test__audit.{table}")]
        assert ("count(*)", str(silver_rows - lost), str(silver_rows)) in figures
        assert any(expression == "sum(close)" for expression, _, _ in figures)
    finally:
        con = duckdb.connect(str(ws.warehouse))
        try:
            con.execute("insert into gold.fct_crypto_daily_prices select * from main.lost_bars")
            con.execute("drop table main.lost_bars")
            con.execute("drop schema if exists dbt_test__audit cascade")
        finally:
            con.close()
    assert ws.scalar("select count(*) from gold.fct_crypto_daily_prices") == silver_rows
