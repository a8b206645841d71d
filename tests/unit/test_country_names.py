import re

from ingestion.country_names import COUNTRY_NAME_MACRO, country_names, render_country_macro


def test_committed_macro_is_what_cldr_says():
    # Regenerate with: python -m ingestion.country_names
    assert COUNTRY_NAME_MACRO.read_text(encoding="utf-8") == render_country_macro()


def test_macro_maps_codes_to_the_names_fmp_risk_premium_uses():
    rows = re.findall(r"^        \('([A-Z]{2})', '((?:[^']|'')*)'\)", COUNTRY_NAME_MACRO.read_text(encoding="utf-8"), re.M)
    names = dict(rows)
    assert len(rows) == len(names) == len(country_names()) > 200  # codes unique, none lost in rendering
    assert names["US"] == "United States" and names["GB"] == "United Kingdom" and names["CA"] == "Canada"
