"""Stores and search: vector index, company database, retrieval, bundled corpus and demo data."""

import os

# Before anything imports numpy (every module of this package that computes does it after this
# file): numpy's OpenBLAS splits each product over every core and its threads wait by spinning.
# A search's products are small (10,000 x 384 floats) and a server runs several at once beside
# the embedder: on 2 busy cores one such product took 6-12 ms with OpenBLAS's threads and
# 0.3-0.4 ms with one (docs/PERFORMANCE.md, third session). An explicit setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
