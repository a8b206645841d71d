"""SBFoundation ingestion: the thin Python side (catalogue -> plan -> fetch -> bronze -> ops)."""

__version__ = "0.1.0"
