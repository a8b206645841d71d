"""The country_names() macro is the project's own data: these tests read the committed file only,
so no library upgrade can change what they compare against."""

import re
from pathlib import Path

COUNTRY_NAME_MACRO = Path(__file__).resolve().parents[2] / "dbt_project" / "macros" / "country_names.sql"
ROW = re.compile(r"^        \('([A-Z]{2})', '((?:[^']|'')*)'\),?$", re.M)


def macro_rows() -> list[tuple[str, str]]:
    return ROW.findall(COUNTRY_NAME_MACRO.read_text(encoding="utf-8"))


def test_every_values_row_is_a_code_and_a_name():
    text = COUNTRY_NAME_MACRO.read_text(encoding="utf-8")
    values = text.split("select * from (values", 1)[1].split(") as names", 1)[0]
    lines = [line for line in values.splitlines() if line.strip()]
    assert len(lines) == len(macro_rows()) > 200  # no row the pattern misses (a typo would drop a country)


def test_codes_are_unique_and_sorted():
    codes = [code for code, _ in macro_rows()]
    assert codes == sorted(set(codes))


def test_macro_maps_codes_to_the_names_fmp_risk_premium_uses():
    names = dict(macro_rows())
    assert names["US"] == "United States" and names["GB"] == "United Kingdom" and names["CA"] == "Canada"
    assert names["DE"] == "Germany" and names["JP"] == "Japan" and names["CN"] == "China"
