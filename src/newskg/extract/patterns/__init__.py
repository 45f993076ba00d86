"""Language patterns as data: one table per construction, each entry with a sentence that shows it.

`tests/test_extract_patterns.py` runs every entry's example through the extractor, so a pattern that
stops matching its own example fails a test. Add a construction by adding an entry (and its example),
not by adding code.
"""


def words(text: str) -> frozenset[str]:
    """The space-separated words of ``text`` as a set (for long word lists kept readable)."""
    return frozenset(text.split())
