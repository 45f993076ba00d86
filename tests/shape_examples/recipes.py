"""One recipe per example of tests/shapes/: a scene, the triples it removes and those it adds.

Every shape has a valid example (the scene, often with what the shape allows shown in it) and at
least one invalid example that breaks that shape and no other.
"""

from __future__ import annotations

from tests.shape_examples import Example
from tests.shape_examples.report_recipes import REPORT_EXAMPLES
from tests.shape_examples.world_recipes import WORLD_EXAMPLES

EXAMPLES: list[Example] = [*REPORT_EXAMPLES, *WORLD_EXAMPLES]
