"""Querying the published graph: engines, named queries, results."""
