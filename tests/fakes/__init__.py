"""Fakes at the network edge: small local servers that speak a real protocol."""
