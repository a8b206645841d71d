"""Files generated from ingestion/catalogue.yml by `make generate`: the dbt source `bronze` and the
silver models. Unit tests fail when a committed file is not what the generator writes."""
