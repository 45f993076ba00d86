"""Which model the repository's shapes check: shapes/ is rewritten for model 0.2 on its own branch,
so tests that expect a conforming 0.2 graph check conformance only once those shapes are in."""

from __future__ import annotations

from tests.conftest import REPO


def shapes_of_model_0_1() -> bool:
    return '"0.1.0"' in (REPO / "shapes" / "newskg-shapes.ttl").read_text(encoding="utf-8")
