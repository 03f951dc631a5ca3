"""The index: an embedded store for clause search, records queries and comparison."""
