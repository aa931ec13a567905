"""How an answer is put together from evidence: its asks, the names it is about, its facts."""
