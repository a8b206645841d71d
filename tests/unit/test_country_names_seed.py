import csv

from ingestion.country_names import COUNTRY_NAME_SEED, render_country_seed


def test_committed_seed_is_what_cldr_says():
    # Regenerate with: python -m ingestion.country_names
    assert COUNTRY_NAME_SEED.read_text(encoding="utf-8") == render_country_seed()


def test_seed_maps_codes_to_the_names_fmp_risk_premium_uses():
    with COUNTRY_NAME_SEED.open(encoding="utf-8") as handle:
        names = {row["country_code"]: row["country_name"] for row in csv.DictReader(handle)}
    assert len(names) == len(set(names.values())) > 200  # one name per code, codes unique
    assert all(len(code) == 2 and code.isupper() for code in names)
    assert names["US"] == "United States" and names["GB"] == "United Kingdom" and names["CA"] == "Canada"
