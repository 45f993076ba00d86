"""bench/bench_scale.py's report with some steps measured (``--steps`` re-runs a subset)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[1] / "bench"


def load_bench() -> ModuleType:
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("bench_scale", BENCH / "bench_scale.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


COLD = {"load": 0.2, "graphs": 0.1, "units": 0.1, "validate": 10.0, "publish": 0.6,
        "total": 11.0, "triples": 100_000, "validated": 118}


def test_only_queries_measured_reports_the_others_as_not_run() -> None:
    bench = load_bench()
    text = bench.report({"size": 100_000, "articles": 118,
                         "oxigraph": {"timeline": 0.012, "direct-quotes": 0.08},
                         "ask_baseline": 0.00003})
    assert "timeline 12.0/not run" in text
    assert "named queries under 50 ms" in text and "1/2" in text
    for step in ("cold build", "rebuild", "incremental", "rdflib", "cold query", "endpoints"):
        assert f"(step {step!r}: run it with --steps)" in text


def test_cold_build_and_rdflib_without_incremental() -> None:
    bench = load_bench()
    text = bench.report({"size": 100_000, "articles": 118, "cold": COLD, "peak_mib": 300.0,
                         "store_mib": 19.0, "baseline_load": 0.7,
                         "rdflib": {"load": 3.0, "queries": {"timeline": 0.2, "fact-evidence": None}}})
    assert "== 100,000 triples" in text
    assert "(step 'incremental': run it with --steps)" in text
    assert "1/2 finished within the bound" in text
    assert "(step 'queries': run it with --steps)" in text
