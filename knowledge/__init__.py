"""Stores and search: vector index, company database, retrieval, bundled corpus and demo data."""
