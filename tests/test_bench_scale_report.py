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


def options(bench: ModuleType, **changed: object) -> object:
    import argparse

    base = {"runs": 1, "rdflib_bound": 1.0, "clients": 1, "load_seconds": 1.0,
            "shacl_engine": "pyshacl", "step_timeout": 600.0, "memory_limit": 8.0,
            "rdflib_max": 1_000_000, "steps": ",".join(bench.STEPS)}
    return argparse.Namespace(**{**base, **changed})


def test_a_step_runs_in_a_watched_child(tmp_path: Path) -> None:
    bench = load_bench()
    answer = bench.run_step("corpus", 850, tmp_path, options(bench))
    assert (tmp_path / "data-850" / "entities.yaml").is_file()
    step = answer.pop("_step")
    assert answer == {} and step["peak_mib"] > 5 and step["cpu"] > 0 and step["seconds"] > 0


def test_a_step_over_its_time_or_memory_is_stopped_and_reported(tmp_path: Path) -> None:
    bench = load_bench()
    try:
        bench.run_step("corpus", 850, tmp_path, options(bench, step_timeout=0.0))
    except bench.StepStopped as exc:
        assert exc.args[0] == "timed out after 0 s"
    else:
        raise AssertionError("not stopped")
    try:
        bench.run_step("corpus", 850, tmp_path, options(bench, memory_limit=0.001))
    except bench.StepStopped as exc:
        # stopped while it ran, or found over the limit when it finished between two samples
        assert exc.args[0].startswith(("stopped at ", "finished over the limit at ")), exc.args
        assert "(limit 0.001 GiB)" in exc.args[0]
    else:
        raise AssertionError("not stopped")


def test_steps_that_need_a_build_are_skipped_when_it_did_not_finish(tmp_path: Path) -> None:
    bench = load_bench()
    args = options(bench, steps="cold build,rebuild,rdflib", step_timeout=0.0)
    row = bench.bench_size(2_000_000, tmp_path, args, [2_000_000])
    assert row["status"] == {"cold build": "timed out after 0 s",
                             "rebuild": "skipped: cold build did not finish",
                             "rdflib": "skipped: cold build did not finish"}
    text = bench.report(row)
    assert "timed out  (timed out after 0 s)" in text
    assert "skipped  (skipped: cold build did not finish)" in text
    table = bench.issue_table([row])
    assert "timed out after 0 s" in table


def test_the_growth_table_gives_each_ratio() -> None:
    bench = load_bench()
    small = {"size": 100_000, "articles": 118, "cold": COLD, "peak_mib": 300.0,
             "store_mib": 19.0, "baseline_load": 0.7, "status": {}, "step": {}}
    big = {**small, "size": 1_000_000, "cold": {**COLD, "triples": 1_000_000, "validate": 95.0},
           "peak_mib": 2_900.0, "status": {"rebuild": "timed out after 5 s"}}
    lines = bench.growth_table([small, big]).splitlines()
    assert lines[0].split() == ["100k", "1M", "1M/100k"]
    row = {line[:56].strip(): line[56:].split() for line in lines[1:]}
    assert row["triples"] == ["100,000", "1,000,000", "10.0x"]
    assert row["whole-corpus SHACL, s"] == ["10.00", "95.00", "9.5x"]
    assert row["peak memory of the build, MiB"] == ["300", "2,900", "9.7x"]
    assert "newskg build, unchanged data, s" not in row  # measured at neither size


def test_ten_million_is_measured_end_to_end_only_when_every_step_ran() -> None:
    bench = load_bench()
    ran = {step: "ok" for step in bench.STEPS}
    assert bench.tenm_status(ran) == "measured end to end"
    skipped = {**ran, "rdflib": "skipped: over --rdflib-max 1,000,000 (rdflib ...)"}
    assert bench.tenm_status(skipped) == "measured end to end"
    assert bench.tenm_status({"corpus": "ok"}).startswith("cold build: not run; rebuild: not run")
    stopped = {**ran, "cold build": "stopped at 8.01 GiB (limit 8 GiB)"}
    assert bench.tenm_status(stopped) == "cold build: stopped at 8.01 GiB (limit 8 GiB)"
