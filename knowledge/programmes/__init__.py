"""The funding programme catalogue and the funding finder (issue 14).

`records` (the record), `models` (SQL table), `store` (reads and writes), `importer` /
`exporter` (files), `index` (semantic search, its own Chroma collection); matching and the
SME check live beside them.
"""
