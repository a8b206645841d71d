"""English country names per ISO 3166 alpha-2 code, for joining company profiles to FMP's
market-risk-premium rows (profiles carry the code, "US"; the risk premium the name, "United States").

The names come from the CLDR data shipped with Babel (installed with dbt through agate), so nothing
here is hand-typed. FMP spells a few countries differently from CLDR (e.g. CLDR "Türkiye"); those
rows simply find no premium and the moat score uses its documented fallback.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from babel import Locale

COUNTRY_NAME_SEED = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds" / "gold" / "country_names.csv"


def country_names() -> list[tuple[str, str]]:
    """(ISO alpha-2 code, English name) of every country CLDR knows, sorted by code."""
    territories = Locale("en").territories
    # CLDR also lists regions by UN M.49 number ("001" world, "150" Europe): keep the alpha-2 codes.
    return sorted((code, name) for code, name in territories.items() if len(code) == 2 and code.isalpha())


def render_country_seed() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["country_code", "country_name"])
    writer.writerows(country_names())
    return out.getvalue()


if __name__ == "__main__":
    # Regenerate the seed: python -m ingestion.country_names
    COUNTRY_NAME_SEED.write_text(render_country_seed(), encoding="utf-8")
