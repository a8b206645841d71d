"""Code generation from the catalogue: `make generate` writes the dbt files a dataset needs."""
