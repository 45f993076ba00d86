"""Linking entities and events to Wikidata: a local snapshot, a matcher, an online client, the links
file, the links in the graph, and QuickStatements to give back.

The package imports nothing heavy at import time; each module is imported where it is used.
"""
