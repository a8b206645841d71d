"""Files generated from ingestion/catalogue.yml (`make generate`); unit tests fail when one is stale."""
