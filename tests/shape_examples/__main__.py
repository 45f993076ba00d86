"""python -m tests.shape_examples: write tests/shapes/*.ttl from the recipes."""

from __future__ import annotations

from tests.shape_examples import write_all
from tests.test_shapes import SHAPE_IRIS, local_name, short_id

if __name__ == "__main__":
    written = write_all({short_id(s): local_name(s) for s in SHAPE_IRIS})
    print(f"wrote {len(written)} examples")
