"""Staff console at /admin (issue 7)."""
