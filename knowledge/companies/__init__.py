"""The organisation database: companies, institutions and research bodies.

`models` (SQL tables), `codes` (ISO validation), `store` (reads and writes), `importer` /
`exporter` (files), `search` (filters + semantic match), `matching` (seek -> offer pairs).
"""
