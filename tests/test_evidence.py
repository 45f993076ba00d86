import pytest
from hypothesis import given
from hypothesis import strategies as st

from newskg.rdf.evidence import CONTEXT, ArticleText, SpanCopies, SpanNotFound

TEXT = 'Headline\n\nFirst sentence here. "Quoted words," he said.\nCaption without stop\nLast one? Yes.'


def test_selectors_point_at_the_span() -> None:
    t = ArticleText(TEXT)
    span = t.locate("Quoted words")
    assert TEXT[span.start:span.end] == "Quoted words"
    assert span.prefix == TEXT[max(0, span.start - CONTEXT):span.start]
    assert span.suffix == TEXT[span.end:span.end + CONTEXT]
    assert span.sentence == '"Quoted words," he said.'


def test_sentence_of_a_line_without_full_stop() -> None:
    assert ArticleText(TEXT).locate("without").sentence == "Caption without stop"


def test_occurrence_picks_the_nth_copy() -> None:
    t = ArticleText("a b a b a")
    assert t.locate("a", 3).start == 8
    with pytest.raises(SpanNotFound, match="occurs 3 time"):
        t.locate("a", 4)


def test_positions_count_code_points_not_bytes() -> None:
    t = ArticleText("Ilham Əliyev – said “yes”.")
    span = t.locate("“yes”")
    assert (span.start, span.end) == (20, 25)


def test_missing_span_says_where_it_diverges() -> None:
    with pytest.raises(SpanNotFound, match=r"first 15 characters match \(at offset 10\), then the span has 'THERE' where the text has 'here"):
        ArticleText(TEXT).locate("First sentence THERE")


@given(st.text(alphabet="ab .\n", min_size=1, max_size=40), st.data())
def test_span_copies_name_the_copy_locate_finds(text: str, data: st.DataObject) -> None:
    """What a facts writer says (occurrence: N, or nothing for a unique span) is what build finds."""
    start = data.draw(st.integers(0, len(text) - 1))
    exact = text[start:data.draw(st.integers(start + 1, len(text)))]
    occurrence = SpanCopies(text, [exact]).occurrence(exact, start)
    assert ArticleText(text).locate(exact, occurrence).start == start
