"""pySHACL against pyshacl-turbo (the Rust engine with pySHACL's API) on the same validation units.

Each engine runs in its own child process over the same inputs: every example of the shapes
(tests/shapes/*.ttl: each valid one conforms with no result, each invalid one fails on its own
shape) and the validation units of corpora (`newskg.validation.units`: an article graph with the
entity descriptions it uses; the world unit; the entities unit). Both get what newskg's
`validate_graph` hands pySHACL: the unit plus the ontology's rdfs:subClassOf triples, the shapes,
no inference, warnings allowed. Printed: the time spent in validate() per engine, the child's
peak memory, and whether the two reports agree on every input: the same conforms flag and the same
results, compared as (focus node, path, value, source shape, constraint component, severity) with
blank nodes written as "_:" (their labels are the engines' own).

Usage: python bench/bench_shacl_engines.py [--data DIR ...] [--units N]
  --data: a data folder (data/, a bench/gen_corpus.py corpus); default data/ only.
  --units: at most N units of each data folder (the first N, in build order); default all.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
SH = "http://www.w3.org/ns/shacl#"


def inputs(data_dirs: list[Path], most: int | None) -> list[tuple[str, bytes]]:
    """(name, N-Triples of the unit) for the shape examples and each data folder's units."""
    from rdflib import Graph

    from newskg.project import load_project
    from newskg.rdf.dataset import build_dataset
    from newskg.rdf.iris import ENTITIES_GRAPH
    from newskg.validation.shacl import load_ontology
    from newskg.validation.units import units_of

    found = [(f"shapes/{path.name}", Graph().parse(path, format="turtle").serialize(
        format="nt", encoding="utf-8")) for path in sorted((REPO / "tests" / "shapes")
                                                            .glob("*.ttl"))]
    ontology = load_ontology()
    for folder in data_dirs:
        units = units_of(build_dataset(load_project(folder), ontology), str(ENTITIES_GRAPH))
        for index, unit in enumerate(units[:most]):
            found.append((f"{folder.name}/unit-{index:05d}", unit.ntriples()))
    return found


def result_rows(results: Any) -> list[list[str]]:
    """The report's results as sorted rows of strings, blank nodes written as "_:"."""
    from rdflib import BNode, URIRef

    def text(node: Any) -> str:
        return "_:" if isinstance(node, BNode) else "" if node is None else node.n3()

    rows = []
    for result in results.subjects(URIRef(SH + "resultSeverity"), None):
        rows.append([text(results.value(result, URIRef(SH + p))) for p in (
            "focusNode", "resultPath", "value", "sourceShape", "sourceConstraintComponent",
            "resultSeverity")])
    return sorted(rows)


def run_engine(engine: str, items: list[tuple[str, bytes]]) -> dict[str, Any]:
    """Validate every item with one engine: per item its verdict and results; the total time."""
    import resource

    from rdflib import RDFS, Graph

    from newskg.validation.shacl import load_ontology, load_shapes
    from newskg.validation.sparql_cache import parsed_queries_remembered

    shapes, ontology = load_shapes(), load_ontology()
    spent = cpu = 0.0  # wall time and CPU time (all threads) inside the engine
    if engine == "pyshacl":
        from pyshacl import validate
    else:  # shapes compiled once (counted in the time), as newskg would do per process
        from pyshacl_turbo import CompiledShapes

        start, cpu_start = time.perf_counter(), time.process_time()
        compiled = CompiledShapes(shapes)
        spent += time.perf_counter() - start
        cpu += time.process_time() - cpu_start

        def validate(data: Any, **options: Any) -> Any:
            options.pop("shacl_graph")
            return compiled.validate(data, **options)
    hierarchy = list(ontology.triples((None, RDFS.subClassOf, None)))
    answers: dict[str, Any] = {}
    for name, ntriples in items:
        data = Graph().parse(data=ntriples, format="nt")
        for triple in hierarchy:
            data.add(triple)
        start, cpu_start = time.perf_counter(), time.process_time()
        with parsed_queries_remembered():
            conforms, results, _ = validate(data, shacl_graph=shapes, inference="none",
                                            abort_on_first=False, allow_warnings=True)
        spent += time.perf_counter() - start
        cpu += time.process_time() - cpu_start
        answers[name] = {"conforms": bool(conforms), "results": result_rows(results)}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": spent, "cpu": cpu, "peak_mib": peak, "answers": answers}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append", help="a data folder (repeatable)")
    parser.add_argument("--units", type=int, help="at most this many units of each data folder")
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--items", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine:  # a child: one engine over the items written by the parent
        import pickle

        items = pickle.loads(args.items.read_bytes())
        print(json.dumps(run_engine(args.engine, items)))
        return
    import pickle
    import tempfile

    data_dirs = args.data or [REPO / "data"]
    items = inputs(data_dirs, args.units)
    print(f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}; "
          f"{len(items)} inputs: {sum(n.startswith('shapes/') for n, _ in items)} shape "
          f"examples, units of {', '.join(str(d) for d in data_dirs)}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "items.pickle"
        path.write_bytes(pickle.dumps(items))
        runs = {}
        for engine in ("pyshacl", "turbo"):
            done = subprocess.run([PYTHON, __file__, "--engine", engine, "--items", str(path)],
                                  capture_output=True, text=True, check=False)
            if done.returncode != 0:
                print(f"{engine}: failed\n{done.stderr[-3000:]}")
                return
            runs[engine] = json.loads(done.stdout)
    base, turbo = runs["pyshacl"], runs["turbo"]
    differ = [name for name, _ in items if base["answers"][name] != turbo["answers"][name]]
    groups = sorted({name.split("/")[0] for name, _ in items})
    for engine, run in runs.items():
        print(f"{engine:8} validate() total {run['seconds']:8.2f} s wall, {run['cpu']:8.2f} s CPU"
              f"   peak memory {run['peak_mib']:7.0f} MiB")
    print(f"turbo / pyshacl: wall {turbo['seconds'] / base['seconds']:.2f}x, "
          f"CPU {turbo['cpu'] / base['cpu']:.2f}x (CPU time: the machine is shared)")
    for group in groups:
        names = [n for n, _ in items if n.split("/")[0] == group]
        bad = [n for n in differ if n.split("/")[0] == group]
        print(f"  {group:24} {len(names):5} inputs, reports differ on {len(bad)}")
    for name in differ[:10]:
        a, b = base["answers"][name], turbo["answers"][name]
        only_a = [r for r in a["results"] if r not in b["results"]]
        only_b = [r for r in b["results"] if r not in a["results"]]
        print(f"  differs: {name}: conforms {a['conforms']}/{b['conforms']}, results "
              f"{len(a['results'])}/{len(b['results'])}; only pySHACL: {only_a[:2]}; "
              f"only turbo: {only_b[:2]}")
    print("agree on every input" if not differ else f"DISAGREE on {len(differ)} inputs")


if __name__ == "__main__":
    main()
