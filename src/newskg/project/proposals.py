"""What a draft facts file proposes beside its reports: new world instances (`proposed_instances:`)
and, on each report, how it was resolved to an entity or instance (`resolution:`).

A proposed instance is a draft (graph/drafts) until a person moves it into data/instances.yaml, which
then wins on the shared key. Between drafts, the first article (in folder order) proposing a key wins,
as for proposed entities; the reports of a later draft may point at it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from newskg.project.fields import KEY_PATTERN, Fields
from newskg.project.instances import read_instance_sections
from newskg.project.model import ArticleFacts, Curation, Instance, Instances, Resolution

PROPOSED_SECTIONS = ("events", "agreements", "counted")
# The agent key of `newskg extract` / `newskg add`; a resolution decided `by` anyone else is a
# person's.
TOOL_AGENT = "newskg-extract"
TOOL_AGENTS = frozenset({TOOL_AGENT})


def read_proposed_instances(top: Fields, curation: Curation) -> dict[str, Instance]:
    """The `proposed_instances:` section of a facts file (events, agreements, counted things)."""
    table = top.mapping("proposed_instances")
    if table is None:
        return {}
    f = Fields(table, where="proposed_instances", path=top.m.path, line=table.line)
    proposed = read_instance_sections(f, curation, PROPOSED_SECTIONS, proposed=True)
    f.check_unknown()
    return proposed


def read_resolution(f: Fields) -> Resolution | None:
    """A report's `resolution: {by, score, reason}`, or None."""
    body = f.mapping("resolution")
    if body is None:
        return None
    r = Fields(body, where=f"{f.where} resolution", path=f.m.path, line=body.line)
    by = r.text("by", required=True) or ""
    if not KEY_PATTERN.match(by):
        raise r.error("by", f"{by!r} is not a key", "write who decided: newskg-extract, or your "
                      "own key (e.g. jdoe) when you decided")
    score = r.number("score", -1.0, 0.0, 1.0) if "score" in r.m else None
    resolution = Resolution(by, score, r.text("reason"), body.line)
    r.check_unknown()
    return resolution


def is_persons(resolution: Resolution | None) -> bool:
    return resolution is not None and resolution.by not in TOOL_AGENTS


def with_proposals(instances: Instances, articles: Iterable[ArticleFacts]) -> Instances:
    """data/instances.yaml plus the instances the drafts propose (instances.yaml wins on a shared
    key, then the first article proposing it)."""
    by_key = dict(instances.by_key)
    sources: dict[str, Path] = dict(instances.sources)
    for facts in articles:
        for key, instance in facts.proposed_instances.items():
            if key not in by_key:
                by_key[key] = instance
                sources[key] = facts.facts_path
    return Instances(instances.path, instances.curation, by_key, sources)
