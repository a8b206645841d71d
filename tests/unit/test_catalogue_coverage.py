"""The catalogue, the silver models and the demo API cover each other, and the catalogue is at
parity with the reference system's (the system SBFoundation replaces: its identities are
REFERENCE_IDENTITIES below).

Fails when a catalogue dataset has no silver model, a silver model has no catalogue entry, a
catalogue path has no demo route (checked through `handle()`, no HTTP), or an identity of the
reference catalogue went missing without a documented reason.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from ingestion.catalogue import DatasetSpec, load_catalogue, parse_catalogue
from ingestion.catalogue import silver_models as silver_models_of
from ingestion.demo_api import DEMO_API_KEY, DemoSettings, handle
from ingestion.errors import CatalogueError

REPO = Path(__file__).resolve().parents[2]
SILVER = REPO / "dbt_project" / "models" / "silver"
CATALOGUE = load_catalogue()
AS_OF = date(2026, 11, 20)  # a Friday: snapshot endpoints have a session
SETTINGS = DemoSettings(as_of=AS_OF)

# ----------------------------------------------------------------- catalogue <-> silver


def _yml_models() -> dict[str, dict]:
    """model name -> its entry in the models .yml files of models/silver/."""
    return {model["name"]: model for path in sorted(SILVER.glob("_*.yml"))
            for model in (yaml.safe_load(path.read_text()) or {}).get("models", [])}


def silver_models() -> dict[str, dict]:
    """model name -> {'dataset': ..., 'stamps_ops': ...} from its config (.yml, else the SQL's config())."""
    documented = _yml_models()
    models = {}
    for path in sorted(SILVER.glob("*.sql")):
        text = path.read_text()
        meta = ((documented.get(path.stem) or {}).get("config") or {}).get("meta") or {}
        dataset = re.search(r"'dataset':\s*'([^']+)'", text)
        models[path.stem] = {
            "dataset": meta.get("dataset") or (dataset.group(1) if dataset else None),
            "stamps_ops": not re.search(r"'stamps_ops':\s*false", text),
        }
    return models


def test_every_catalogue_dataset_has_its_silver_model():
    models = silver_models()
    missing = sorted({s.silver_model for s in CATALOGUE} - set(models))
    assert missing == [], f"catalogue silver_model without a model file in models/silver/: {missing}"
    wrong = sorted(
        f"{s.name}: silver.{s.silver_model} loads {models[s.silver_model]['dataset']!r}"
        for s in CATALOGUE if models[s.silver_model]["dataset"] != s.dataset
    )
    assert wrong == [], wrong


def test_every_silver_model_has_a_catalogue_entry():
    by_model = {s.silver_model for s in CATALOGUE}
    orphans = sorted(
        name for name, model in silver_models().items()
        if name not in by_model and model["stamps_ops"]  # bronze_field_drift loads no dataset
    )
    assert orphans == [], f"silver models with no catalogue entry: {orphans}"
    datasets = {model["dataset"] for model in silver_models().values() if model["dataset"]}
    assert datasets == {s.dataset for s in CATALOGUE}


def test_one_silver_model_per_dataset_and_documented():
    models = silver_models()
    loaded = [m["dataset"] for m in models.values() if m["dataset"]]
    assert len(loaded) == len(set(loaded)), "two silver models load the same dataset"
    documented = set(_yml_models())
    assert set(models) <= documented, f"models without a models .yml entry: {sorted(set(models) - documented)}"


# ------------------------------------------------------------------ catalogue <-> demo API


def _universe_ticker(spec: DatasetSpec) -> str:
    if spec.universe is None:
        return "JPM" if spec.dataset == "company-notes" else "AAPL"
    dataset, field = spec.universe
    source = next(s for s in CATALOGUE if s.dataset == dataset)
    rows = json.loads(handle(f"/stable/{source.path}", {"apikey": DEMO_API_KEY}, SETTINGS).body)
    return str(rows[0][field])


def request_for(spec: DatasetSpec) -> tuple[str, dict[str, str]]:
    """The path and query the pipeline would send for `spec` on AS_OF (first part, last window)."""
    span = min(spec.window_days or 365, 365)
    values = {
        "ticker": _universe_ticker(spec) if spec.per_ticker else "",
        "from": (AS_OF - timedelta(days=span - 1)).isoformat(),
        "to": AS_OF.isoformat(),
        "limit": str(spec.limit or ""),
        "date": AS_OF.isoformat(),
        "year": str(AS_OF.year),
        "part": "0",
    }
    query = {k: v.format(**values) for k, v in spec.params.items()}
    if spec.source == "fred":
        return f"/fred/{spec.path}", {**query, "api_key": DEMO_API_KEY}
    return f"/stable/{spec.path}", {**query, "apikey": DEMO_API_KEY}


def rows_of(spec: DatasetSpec, body: bytes) -> list[dict]:
    if spec.format == "csv":
        return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    document = json.loads(body)
    return document[spec.rows_path] if spec.rows_path else document


@pytest.mark.parametrize("spec", CATALOGUE, ids=[s.name for s in CATALOGUE])
def test_demo_api_serves_every_catalogue_request(spec: DatasetSpec):
    path, query = request_for(spec)
    response = handle(path, query, SETTINGS)
    assert response.status == 200, f"{spec.name}: {path} answered {response.status} {response.body[:120]!r}"
    rows = rows_of(spec, response.body)
    assert isinstance(rows, list) and all(isinstance(r, dict) for r in rows)
    # the newest 80-day window of a quarterly or annual series can be empty, as on FMP
    # (test_demo_api_catalogue checks every indicator over a longer span); the rest never is
    if spec.dataset != "economic-indicators":
        assert rows, f"{spec.name}: the demo API served no rows for {path} {query}"
    if spec.row_date_field and rows:
        assert all(str(r[spec.row_date_field])[:4].isdigit() for r in rows), spec.name


SILVER_MODELS = silver_models_of(CATALOGUE)


@pytest.mark.parametrize("model", sorted(SILVER_MODELS))
def test_demo_api_serves_the_fields_the_catalogue_lists(model: str):
    """Every row the demo serves carries exactly the FMP fields of the dataset's catalogue silver
    block, in the catalogue's order (the demo builds its rows from the generated
    ingestion/demo_api/catalogue_fields.py; this checks each route uses its own dataset's list)."""
    spec = SILVER_MODELS[model]
    path, query = request_for(spec)
    if spec.dataset == "economic-indicators":  # GDP's newest 80-day window can be empty: a monthly series
        query = {**query, "name": "CPI"}
    rows = rows_of(spec, handle(path, query, SETTINGS).body)
    assert rows, f"{spec.name}: no rows to check"
    listed = list(dict.fromkeys(f.field for f in spec.silver.fields if not f.field.startswith("@")))
    wrong = next((list(row) for row in rows if list(row) != listed), None)
    assert wrong is None, f"{spec.dataset}: the demo serves {wrong}, the catalogue lists {listed}"


def test_a_path_the_demo_does_not_serve_is_a_404():
    assert handle("/stable/not-a-route", {"apikey": "k"}, SETTINGS).status == 404
    assert handle("/fred/series/nothing", {"api_key": "k"}, SETTINGS).status == 404


# ------------------------------------------------------- parity with the reference catalogue

#: (domain, dataset, discriminator) of the reference catalogue, technical-indicators/* excluded.
REFERENCE_IDENTITIES = {
    ("eod", "eod-bulk-price", ""), ("eod", "company-profile-bulk", ""),
    ("quarter", "income-statement-bulk-quarter", ""), ("quarter", "balance-sheet-bulk-quarter", ""),
    ("quarter", "cashflow-bulk-quarter", ""), ("annual", "income-statement-bulk-annual", ""),
    ("annual", "balance-sheet-bulk-annual", ""), ("annual", "cashflow-bulk-annual", ""),
    ("quarter", "key-metrics-bulk-quarter", ""), ("annual", "key-metrics-bulk-annual", ""),
    ("annual", "ratios-bulk-annual", ""), ("eod", "fred-dgs10", ""), ("eod", "fred-usrecm", ""),
    ("eod", "market-risk-premium", ""),
    ("market", "stock-list", ""), ("market", "etf-list", ""), ("market", "index-list", ""),
    ("crypto", "cryptocurrency-list", ""), ("fx", "forex-list", ""), ("market", "etf-holdings", ""),
    ("company", "company-profile", ""), ("company", "company-notes", ""), ("company", "company-officers", ""),
    ("company", "company-compensation", ""), ("company", "company-peers", ""), ("company", "company-employees", ""),
    ("company", "company-shares-float", ""), ("company", "company-delisted", ""), ("company", "company-market-cap", ""),
    *(("fundamentals", d, p) for d in ("income-statement", "balance-sheet-statement", "cashflow-statement",
                                       "key-metrics", "metric-ratios", "income-statement-growth",
                                       "balance-sheet-statement-growth", "cashflow-statement-growth",
                                       "financial-statement-growth") for p in ("FY", "quarter")),
    ("fundamentals", "key-metrics-ttm", ""), ("fundamentals", "ratios-ttm", ""),
    ("fundamentals", "financial-scores", ""), ("fundamentals", "owner-earnings", ""),
    ("fundamentals", "enterprise-values", ""), ("fundamentals", "revenue-product-segmentation", "FY"),
    ("fundamentals", "revenue-geographic-segmentation", "FY"), ("fundamentals", "latest-financial-statements", ""),
    ("economics", "treasury-rates", ""), ("economics", "market-risk-premium", ""),
    *(("economics", "economic-indicators", n) for n in (
        "GDP", "realGDP", "nominalPotentialGDP", "realGDPPerCapita", "federalFunds", "CPI", "inflationRate",
        "inflation", "retailSales", "consumerSentiment", "durableGoods", "unemploymentRate",
        "totalNonfarmPayroll", "initialClaims", "industrialProductionTotalIndex",
        "newPrivatelyOwnedHousingUnitsStartedTotalUnits", "totalVehicleSales", "retailMoneyFunds",
        "smoothedUSRecessionProbabilities", "3MonthOr90DayRatesAndYieldsCertificatesOfDeposit",
        "commercialBankInterestRateOnCreditCardPlansAllAccounts", "30YearFixedRateMortgageAverage",
        "15YearFixedRateMortgageAverage", "tradeBalanceGoodsAndServices")),
    ("technicals", "technicals-historical-price-eod-full", ""),
    ("technicals", "technicals-historical-price-eod-non-split-adjusted", ""),
    ("technicals", "technicals-historical-price-eod-dividend-adjusted", ""),
    ("market", "market-countries", ""), ("market", "market-exchanges", ""), ("market", "market-sectors", ""),
    ("market", "market-industries", ""), ("market", "market-screener", ""),
    ("market", "market-sector-performance", ""), ("market", "market-industry-performance", ""),
    ("market", "market-sector-pe", ""), ("market", "market-industry-pe", ""), ("market", "market-hours", ""),
    ("market", "market-holidays", ""), ("commodities", "commodities-list", ""),
    ("commodities", "commodities-price-eod", ""), ("crypto", "crypto-price-eod", ""), ("fx", "fx-price-eod", ""),
}
#: Reference identities that are spelled differently here; each description says why.
RENAMED = {
    # the walking skeleton's names, which gold already uses
    ("technicals", "technicals-historical-price-eod-full", ""): [("technicals", "historical-price-eod-full", "")],
    ("company", "company-market-cap", ""): [("company", "historical-market-capitalization", "")],
    # listed twice in the reference (active eod / legacy economics): one identity
    ("eod", "market-risk-premium", ""): [("economics", "market-risk-premium", "")],
    # bulk `period` takes Q1..Q4, not quarter: one discriminator per quarter
    **{("quarter", d, ""): [("fundamentals", d, q) for q in ("Q1", "Q2", "Q3", "Q4")]
       for d in ("income-statement-bulk-quarter", "balance-sheet-bulk-quarter", "cashflow-bulk-quarter",
                 "key-metrics-bulk-quarter")},
    # the reference's period and delivery "domains" (annual, eod) are filed under their subject's folder
    **{("annual", d, ""): [("fundamentals", d, "")]
       for d in ("income-statement-bulk-annual", "balance-sheet-bulk-annual", "cashflow-bulk-annual",
                 "key-metrics-bulk-annual", "ratios-bulk-annual")},
    ("eod", "eod-bulk-price", ""): [("market", "eod-bulk-price", "")],
    ("eod", "company-profile-bulk", ""): [("company", "company-profile-bulk", "")],
    ("eod", "fred-dgs10", ""): [("economics", "fred-dgs10", "")],
    ("eod", "fred-usrecm", ""): [("economics", "fred-usrecm", "")],
}
#: Identities the reference did not fetch, added for gold facts; each description says so.
ADDED = {("company", "dividends", ""), ("company", "splits", ""), ("company", "earnings", "")}


def test_catalogue_has_every_reference_identity():
    ours = {(s.domain, s.dataset, s.discriminator) for s in CATALOGUE}
    missing = sorted(
        identity for identity in REFERENCE_IDENTITIES
        if not set(RENAMED.get(identity, [identity])) <= ours
    )
    assert missing == [], f"reference identities missing from the catalogue: {missing}"
    expected = {i for identity in REFERENCE_IDENTITIES for i in RENAMED.get(identity, [identity])} | ADDED
    assert ours == expected, f"identities not in the reference: {sorted(ours - expected)}"
    assert not any(s.path.startswith("technical-indicators") for s in CATALOGUE)


def test_renamed_identities_say_so_in_their_description():
    by_identity = {(s.domain, s.dataset, s.discriminator): s for s in CATALOGUE}
    for reference, ours in RENAMED.items():
        for identity in ours:
            text = by_identity[identity].description.lower()
            assert "reference" in text, f"{identity} departs from the reference {reference} without saying why"
    for identity in ADDED:
        assert "not in the reference" in by_identity[identity].description.lower(), identity


def test_reference_keys_and_cadences_are_kept_where_the_api_allows():
    by_name = {s.name: s for s in CATALOGUE}
    assert by_name["company-profile"].cadence_days == 365
    assert by_name["key-metrics/FY"].cadence_days == 1 and by_name["key-metrics/quarter"].cadence_days == 90
    assert by_name["economic-indicators/GDP"].cadence_days == 365
    assert by_name["economic-indicators/CPI"].cadence_days == 30
    assert by_name["fred-usrecm"].cadence_days == 28
    assert by_name["etf-holdings"].keys == ("symbol", "asset", "as_of_date")
    assert by_name["market-holidays"].keys == ("exchange", "date", "holiday")
    for spec in CATALOGUE:
        assert all(re.fullmatch(r"[a-z][a-z0-9_]*", k) for k in spec.keys), spec.name


# ------------------------------------------------------------------- source-specific rules


def test_bulk_entries_are_csv_for_the_ultimate_plan_only():
    for spec in CATALOGUE:
        bulk = spec.path.endswith("-bulk")
        assert bulk == (spec.format == "csv"), spec.name
        if bulk:
            assert spec.plans == ("ultimate",), spec.name
            assert spec.params.get("period", "annual") in ("annual", "Q1", "Q2", "Q3", "Q4"), spec.name
        else:
            assert spec.plans == ("basic", "starter", "premium", "ultimate"), spec.name


def test_fred_entries_read_their_rows_under_observations():
    fred = [s for s in CATALOGUE if s.source == "fred"]
    assert {s.dataset for s in fred} == {"fred-dgs10", "fred-usrecm"}
    for spec in fred:
        assert spec.rows_path == "observations" and spec.path == "series/observations"
        assert spec.params["file_type"] == "json" and "api_key" not in spec.params
    assert all(not s.rows_path for s in CATALOGUE if s.source != "fred")


def test_windows_fit_what_fmp_returns_per_request():
    for spec in CATALOGUE:
        if spec.path in ("treasury-rates", "economic-indicators"):
            assert spec.window_days is not None and spec.window_days <= 92, spec.name  # ~3 months kept
        if spec.path.startswith("historical-price-eod") or spec.path == "historical-market-capitalization":
            # 5,000 rows kept: 7,000 calendar days of weekday sessions, 4,900 of daily crypto bars
            days_per_row = 1.0 if spec.dataset.startswith("crypto") else 7 / 5
            assert spec.window_days is not None and spec.window_days / days_per_row <= 5000, spec.name


def test_universe_datasets_name_a_global_dataset_and_its_field():
    for spec in CATALOGUE:
        if spec.universe is None:
            continue
        dataset, field = spec.universe
        source = next(s for s in CATALOGUE if s.dataset == dataset)
        assert source.scope == "global" and spec.per_ticker
        rows = json.loads(handle(f"/stable/{source.path}", {"apikey": "k"}, SETTINGS).body)
        assert rows and all(field in row for row in rows), spec.name


# ----------------------------------------------------- the catalogue's `universe` field itself

BASE = {
    "dataset": "crypto-price-eod", "domain": "crypto", "source": "fmp", "path": "historical-price-eod/full",
    "scope": "per_ticker", "params": {"symbol": "{ticker}"}, "cadence_days": 1, "keys": ["symbol"],
    "silver_model": "crypto_price_eod",
}
LIST = {
    "dataset": "cryptocurrency-list", "domain": "crypto", "source": "fmp", "path": "cryptocurrency-list",
    "scope": "global", "params": {}, "cadence_days": 365, "keys": ["symbol"], "silver_model": "cryptocurrency_list",
}


def test_universe_is_parsed_into_dataset_and_field():
    specs = parse_catalogue({"datasets": [LIST, {**BASE, "universe": {"dataset": "cryptocurrency-list",
                                                                        "field": "symbol"}}]})
    assert specs[1].universe == ("cryptocurrency-list", "symbol") and specs[0].universe is None


@pytest.mark.parametrize(
    "entries, message",
    [
        ([LIST, {**BASE, "universe": "cryptocurrency-list"}], "field 'universe' must be a mapping"),
        ([LIST, {**BASE, "universe": {"dataset": "cryptocurrency-list"}}], "field 'universe' must be a mapping"),
        ([{**LIST, "universe": {"dataset": "x", "field": "symbol"}}], "only applies to per_ticker"),
        ([{**BASE, "universe": {"dataset": "nowhere", "field": "symbol"}}], "not a global dataset"),
        ([{**BASE, "dataset": "a", "silver_model": "a"},
          {**BASE, "universe": {"dataset": "a", "field": "symbol"}}], "not a global dataset"),
    ],
)
def test_bad_universe_is_rejected_naming_the_entry(entries, message):
    with pytest.raises(CatalogueError) as err:
        parse_catalogue({"datasets": entries})
    assert message in str(err.value)
    assert "crypto-price-eod" in str(err.value) or "cryptocurrency-list" in str(err.value)
