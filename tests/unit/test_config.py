from datetime import date

import pytest

from ingestion.config import DEFAULT_FMP_BASE_URL, load_settings
from ingestion.datadir import claim_data_dir
from ingestion.errors import UsageError


def test_defaults_are_demo_mode_repo_data_and_five_years(tmp_path):
    s = load_settings({}, today=date(2026, 11, 21))
    assert s.demo_mode and s.fmp_base_url == DEFAULT_FMP_BASE_URL
    assert s.data_dir.name == "data" and s.start_date == date(2021, 11, 21)
    assert load_settings({}, today=date(2028, 2, 29)).start_date == date(2023, 2, 28)


def test_environment_overrides_and_key_not_in_repr(tmp_path):
    s = load_settings({"FMP_API_KEY": "k-123", "FMP_BASE_URL": "http://h/stable/", "SBF_DATA_DIR": str(tmp_path),
                       "SBF_START_DATE": "2020-01-01"})
    assert not s.demo_mode and s.fmp_base_url == "http://h/stable" and s.data_dir == tmp_path
    assert s.start_date == date(2020, 1, 1) and "k-123" not in repr(s)


def test_bad_start_date_is_a_usage_error():
    with pytest.raises(UsageError, match="SBF_START_DATE"):
        load_settings({"SBF_START_DATE": "yesterday"})


def test_demo_and_real_data_never_share_a_data_dir(tmp_path):
    claim_data_dir(tmp_path, demo=True)
    claim_data_dir(tmp_path, demo=True)
    with pytest.raises(UsageError, match="holds demo data"):
        claim_data_dir(tmp_path, demo=False)
    other = tmp_path / "real"
    claim_data_dir(other, demo=False)
    with pytest.raises(UsageError, match="real API"):
        claim_data_dir(other, demo=True)


def test_data_dir_that_is_a_file_is_named_as_such(tmp_path):
    not_a_dir = tmp_path / "data"
    not_a_dir.write_text("")
    with pytest.raises(UsageError) as caught:
        load_settings({"SBF_DATA_DIR": str(not_a_dir)})
    assert str(caught.value) == f"SBF_DATA_DIR={not_a_dir} is a file, not a directory"
