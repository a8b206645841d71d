import logging

from ingestion.redact import MASK, RedactingFilter, redact, without_keys


def test_redact_masks_known_secret_and_any_apikey_query_value():
    url = "https://x/stable/profile?symbol=AAPL&apikey=s3cr3tKEY&x=1"
    assert redact(url, ["s3cr3tKEY"]) == f"https://x/stable/profile?symbol=AAPL&apikey={MASK}&x=1"
    assert "zzz" not in redact("GET /a?api_key=zzz failed")
    assert redact("key s3cr3tKEY in body", ["s3cr3tKEY"]) == f"key {MASK} in body"


def test_without_keys_drops_key_params_only():
    assert without_keys({"symbol": "A", "apikey": "k", "API_KEY": "k"}) == {"symbol": "A"}


def test_logging_filter_redacts_messages_args_and_tracebacks():
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(self.format(record))

    handler = Keep()
    handler.addFilter(RedactingFilter(["CANARY-123"]))
    logger = logging.getLogger("test.redact")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("fetching %s", "http://h/p?apikey=CANARY-123")
        try:
            raise ValueError("boom at http://h/p?apikey=CANARY-123")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    assert records and all("CANARY-123" not in r for r in records)
    assert "boom" in records[1]
