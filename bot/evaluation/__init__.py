"""Evaluation: golden-set answer checks and BEIR retrieval metrics (library behind `lotse eval`)."""
