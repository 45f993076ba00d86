"""The HTML page of a resource on `newskg serve`: what a browser gets when it dereferences an IRI.

Its label and types, its reports with the evidence highlighted inside the sentence (``<mark
class="evidence">``), everything said about it and everything that points to it. Every IRI on the
page links to its own page (newskg's IRIs) or to itself (other vocabularies, Wikidata). Values come
from SPARQL JSON results (`Term`); everything is escaped. No script, no outside request: the style
sheet is /assets/resource.css (the Content-Security-Policy says so).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape

from newskg.serve.addresses import path_of_iri
from newskg.store.render import DISPLAY_PREFIXES

Term = Mapping[str, str]  # a SPARQL JSON results term: type, value, xml:lang, datatype
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
FORMAT_LINKS = (("turtle", "Turtle"), ("jsonld", "JSON-LD"), ("ntriples", "N-Triples"),
                ("rdfxml", "RDF/XML"))
CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'"
LONG_TEXT = 600  # literals longer than this are folded in a <details>


@dataclass(frozen=True)
class Report:
    """One report that says something about the resource, with its evidence."""

    iri: str
    label: str | None
    status: str | None
    article: str | None
    headline: str | None
    sentence: str
    exact: str
    prefix: str = ""


@dataclass
class Description:
    """What the store says about one resource."""

    iri: str
    said: list[tuple[Term, Term, str | None]] = field(default_factory=list)  # (p, o, o's label)
    pointing: list[tuple[Term, Term, str | None]] = field(default_factory=list)  # (s, p, s's label)
    reports: list[Report] = field(default_factory=list)
    more_reports: int = 0  # the number of reports in all, when the page shows only the first

    @property
    def label(self) -> str | None:
        return next((o["value"] for p, o, _ in self.said if p["value"] in LABELS), None)

    @property
    def types(self) -> list[Term]:
        return [o for p, o, _ in self.said if p["value"] == RDF_TYPE]

    def __bool__(self) -> bool:
        return bool(self.said or self.pointing)


LABELS = ("http://www.w3.org/2000/01/rdf-schema#label",
          "http://www.w3.org/2004/02/skos/core#prefLabel")


def compact(iri: str) -> str:
    """``prefix:local`` for an IRI in a known namespace (the longest), else the IRI itself."""
    best = max((ns for ns in DISPLAY_PREFIXES.values() if iri.startswith(ns)), key=len,
               default=None)
    if best is None:
        return iri
    name = next(name for name, ns in DISPLAY_PREFIXES.items() if ns == best)
    return f"{name}:{iri[len(best):]}"


def iri_link(iri: str, label: str | None = None) -> str:
    """An ``<a>`` to the IRI's own page (ours) or to the IRI (others), showing the label if any."""
    local = path_of_iri(iri)
    text = escape(compact(iri))
    shown = (f'{escape(label)} <span class="iri">{text}</span>' if label and label != iri
             else f'<span class="iri">{text}</span>')
    if local is None and not iri.lower().startswith(("http://", "https://")):
        return shown  # urn:, mailto:, javascript: ... are shown, not followed
    href = local if local is not None else iri
    return f'<a href="{escape(href)}">{shown}</a>'


def term_html(term: Term, label: str | None = None) -> str:
    kind, value = term.get("type"), term["value"]
    if kind == "uri":
        return iri_link(value, label)
    if kind == "bnode":
        return f'<span class="bnode">_:{escape(value)}</span>'
    text = escape(value)
    if len(value) > LONG_TEXT:
        text = f"<details><summary>{escape(value[:200])}…</summary>{text}</details>"
    extra = ""
    if "xml:lang" in term:
        extra = f' <span class="lang">@{escape(term["xml:lang"])}</span>'
    elif "datatype" in term:
        extra = f' <span class="datatype">{escape(compact(term["datatype"]))}</span>'
    return f'<span class="literal">{text}</span>{extra}'


def highlighted(sentence: str, exact: str, prefix: str = "") -> str:
    """The sentence with the evidence span in ``<mark class="evidence">`` (the occurrence after
    the quote's prefix when the span occurs more than once); the span alone if the sentence lacks it.
    """
    starts = [i for i in range(len(sentence)) if sentence.startswith(exact, i)] if exact else []
    if not starts:
        return f'<mark class="evidence">{escape(exact)}</mark>'
    start = next((i for i in starts
                  if prefix.endswith(sentence[:i]) or sentence[:i].endswith(prefix)), starts[0])
    end = start + len(exact)
    return (f"{escape(sentence[:start])}<mark class=\"evidence\">{escape(exact)}</mark>"
            f"{escape(sentence[end:])}")


def report_html(report: Report) -> str:
    status = compact(report.status).partition(":")[2] if report.status else ""
    where = ""
    if report.article is not None:
        where = f' in {iri_link(report.article, report.headline)}'
    return (f'<li class="report" data-status="{escape(status)}">'
            f'<div class="report-head">{iri_link(report.iri, report.label)}'
            f'{f" <span class=status>{escape(status)}</span>" if status else ""}{where}</div>'
            f'<blockquote class="sentence">{highlighted(report.sentence, report.exact, report.prefix)}'
            f"</blockquote></li>")


def _rows(pairs: Iterable[tuple[str, str]]) -> str:
    return "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in pairs)


def resource_page(description: Description, path: str) -> str:
    """The whole HTML page of a resource found in the store."""
    iri = description.iri
    label = description.label or compact(iri)
    types = ", ".join(term_html(t) for t in description.types) or "—"
    formats = " · ".join(f'<a rel="alternate" href="{escape(path)}?format={name}">{title}</a>'
                         for name, title in FORMAT_LINKS)
    said = sorted(description.said, key=lambda row: (row[0]["value"] != RDF_TYPE,
                                                     compact(row[0]["value"]), row[1]["value"]))
    pointing = sorted(description.pointing,
                      key=lambda row: (compact(row[1]["value"]), row[0]["value"]))
    reports = "".join(report_html(r) for r in description.reports)
    sections = [
        f'<p class="iri-line"><code>{escape(iri)}</code></p>',
        f'<p class="types">Types: {types}</p>',
        (f'<p class="formats">Also as {formats} · <a href="/?resource={_quote(iri)}">query page</a>'
        "</p>"),
    ]
    if reports:
        shown = len(description.reports)
        heading = f"<h2>Reports ({shown})</h2>"
        if description.more_reports:  # the page lists MAX_REPORTS rows: say so, and how to see all
            total = description.more_reports
            heading = (f"<h2>Reports (the first {shown} of {total})</h2>"
                       f'<p id="more-reports">The store holds {total} reports about it; the page '
                       "shows the first by article. All of them: <code>SELECT DISTINCT ?report "
                       f"WHERE {{ ?report ?p &lt;{escape(iri)}&gt; ; nkg:evidence ?e }}</code> on "
                       'the <a href="/">query page</a> or <code>/sparql</code>.</p>')
        sections.append(f'{heading}<ol id="reports">{reports}</ol>')
    sections.append(f"<h2>Said about it ({len(said)})</h2>"
                    '<table id="said"><tr><th>property</th><th>value</th></tr>'
                    + _rows((term_html(p), term_html(o, lab)) for p, o, lab in said) + "</table>")
    if pointing:
        sections.append(f"<h2>Pointing to it ({len(pointing)})</h2>"
                        '<table id="pointing"><tr><th>subject</th><th>property</th></tr>'
                        + _rows((term_html(s, lab), term_html(p)) for s, p, lab in pointing)
                        + "</table>")
    return _page(label, "".join(sections))


def anchor(iri: str, graph: str) -> str:
    """The id of a subject's section on its graph's page: what follows the graph's IRI and ``#``
    (``/ontology#Statement``: ``Statement``), else the IRI's last segment."""
    if iri.startswith(graph + "#"):
        return iri[len(graph) + 1:]
    return iri.rstrip("/").rpartition("/")[2] or iri


def graph_page(graph: str, path: str, rows: Sequence[Mapping[str, Term]],
               about: str | None) -> str:
    """A whole named graph (the ontology, the shapes, an article's graph), subject by subject; each
    subject's section has an anchor, so that ``/ontology#Term`` lands on the term."""
    subjects: dict[str, list[tuple[Term, Term, str | None]]] = {}
    for row in rows:
        node = row["s"]
        key = node["value"] if node.get("type") == "uri" else "_:" + node["value"]
        label = row["label"]["value"] if "label" in row else None
        subjects.setdefault(key, []).append((row["p"], row["o"], label))
    formats = " · ".join(f'<a rel="alternate" href="{escape(path)}?format={name}">{title}</a>'
                         for name, title in FORMAT_LINKS)
    parts = [f'<p class="iri-line"><code>{escape(graph)}</code></p>',
             f"<p>{escape(about)}</p>" if about else "",
             (f'<p class="formats">{len(rows)} triples about {len(subjects)} subjects. '
             f"Also as {formats}</p>")]
    used: set[str] = set()
    for subject, said in subjects.items():
        ident = anchor(subject, graph)
        ident = ident if ident not in used else f"{ident}-{len(used)}"
        used.add(ident)
        label = next((o["value"] for p, o, _ in said if p["value"] in LABELS), None)
        head = iri_link(subject, label) if not subject.startswith("_:") else escape(subject)
        parts.append(f'<section id="{escape(ident)}"><h3>{head}</h3><table>'
                     + _rows((term_html(p), term_html(o, lab)) for p, o, lab in said)
                     + "</table></section>")
    title = next((o["value"] for p, o, _ in subjects.get(graph, []) if p["value"] in TITLES),
                 compact(graph))
    return _page(title, "".join(parts))


TITLES = (*LABELS, "http://purl.org/dc/terms/title")


def not_found_page(iri: str | None, path: str) -> str:
    """The 404 page: what was asked, and where to look instead."""
    asked = (f"<p>Nothing in this store is said about <code>{escape(iri)}</code>.</p>"
             if iri is not None else f"<p>No page at <code>{escape(path)}</code>.</p>")
    hints = ("<ul><li>Resource IRIs look like <code>/id/entity/KEY</code>, "
             "<code>/id/article/SLUG</code>, <code>/id/article/SLUG/REPORT-ID</code>, "
             "<code>/id/event/KEY</code> …; the ontology is at <a href=\"/ontology\">/ontology"
             "</a>, the shapes at <a href=\"/shapes\">/shapes</a>.</li>"
             "<li>Find IRIs on the <a href=\"/\">query page</a> (for example "
             "<code>SELECT ?e ?label WHERE { ?e a nkg:Actor ; rdfs:label ?label }</code>), or read "
             "the dataset's description at <a href=\"/.well-known/void\">/.well-known/void</a>."
             "</li><li>If the IRI was just added to data/, run <code>newskg build</code>: the "
             "server follows the new build.</li></ul>")
    return _page("Not found", asked + hints)


def text_page(title: str, text: str, path: str) -> str:
    """A page showing an RDF document as text (the VoID description), with its other syntaxes."""
    formats = " · ".join(f'<a rel="alternate" href="{escape(path)}?format={name}">{name_}</a>'
                         for name, name_ in FORMAT_LINKS)
    return _page(title, f'<p class="formats">As {formats}</p><pre>{escape(text)}</pre>')


def _quote(iri: str) -> str:
    from urllib.parse import quote

    return escape(quote(iri, safe=""))


def _page(title: str, body: str) -> str:
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(title)} — newskg</title>"
            "<link rel=\"stylesheet\" href=\"/assets/resource.css\"></head><body>"
            f"<nav><a href=\"/\">newskg</a></nav><h1>{escape(title)}</h1>{body}</body></html>\n")


def reports_from(rows: Sequence[Mapping[str, Term]]) -> list[Report]:
    """Reports from the rows of `newskg.serve.linked.REPORTS` (one per report)."""
    seen: dict[str, Report] = {}
    for row in rows:
        iri = row["report"]["value"]
        if iri in seen:
            continue

        def value(name: str, row: Mapping[str, Term] = row) -> str | None:
            return row[name]["value"] if name in row else None

        seen[iri] = Report(iri, value("label"), value("status"), value("article"),
                           value("headline"), value("sentence") or "", value("exact") or "",
                           value("prefix") or "")
    return list(seen.values())
