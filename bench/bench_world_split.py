"""World-unit SHACL CPU: the whole world unit (the baseline, as built before the split) against its parts
(newskg.validation.world_split), same run, one process, and whether the merged reports are equal.

Usage: python bench/bench_world_split.py DATA [pyshacl|turbo]   (DATA: data/ or a gen_corpus.py corpus)
"""
import os
import sys
import time
from pathlib import Path

from newskg.project import load_project
from newskg.rdf.dataset import build_dataset
from newskg.rdf.iris import ENTITIES_GRAPH, WORLD_GRAPH
from newskg.validation.shacl import load_ontology, use_shacl_engine
from newskg.validation.units import (
    WORLD_GRAPHS,
    EntityDescriptions,
    SupportSummaries,
    Unit,
    lines,
    units_of,
    validate_units,
)

ont = load_ontology()
if len(sys.argv) > 2: use_shacl_engine(sys.argv[2])
ds = build_dataset(load_project(Path(sys.argv[1])), ont)
us = units_of(ds, str(ENTITIES_GRAPH))
parts = [u for u in us if "#part-" in u.name]
ent = str(ENTITIES_GRAPH)
world = [t for n in WORLD_GRAPHS if n in ds.blocks for t in ds.graph_triples(n)]
desc = EntityDescriptions(ds.graph_triples(ent))
summ = SupportSummaries(ds.graph_triples(n) for n in ds.blocks if n != ent and n not in WORLD_GRAPHS)
whole = Unit(str(WORLD_GRAPH), (*sorted(set(lines(world))), *lines(desc.of(world)), *lines(summ.of(world))))
print("lines equal as sets:", set(whole.lines) == {l for p in parts for l in p.lines}, len(whole.lines))
t = time.process_time(); a = validate_units([whole], ontology=ont, jobs=1).report; ta = time.process_time() - t
t = time.process_time(); b = validate_units(parts, ontology=ont, jobs=1).report; tb = time.process_time() - t
print(f"load {os.getloadavg()[0]:.1f}  {len(whole.lines):,} triples  whole {ta:.2f} s cpu  parts {tb:.2f} s cpu ({len(parts)} units) = {tb / ta:.2f}x  same violations: {a.violations == b.violations}")
if a.violations != b.violations:
    sa, sb = set(a.violations), set(b.violations)
    for v in list(sa - sb)[:5]: print("only whole", v)
    for v in list(sb - sa)[:5]: print("only parts", v)
