"""Files generated from ingestion/catalogue.yml by `make generate`: the dbt source `bronze`, the
silver models and the demo API's field lists. Unit tests fail when a committed file is not what the
generator writes."""
