"""IRIs and snippets the recipes of the shape examples share (Turtle, relative to the id/ base)."""

from __future__ import annotations

import hashlib

from tests.shape_examples.scenes import (
    TEXT,
)

A, CUR, AG = "<article/demo>", "<article/demo/curation>", "<agent/curators>"
M, ST = "<article/demo/m-aliyev>", "<article/demo/st-aliyev>"
EVR, AGR, TMR = "<article/demo/ev-offensive>", "<article/demo/ag-ceasefire>", "<article/demo/tm-talks>"
RR, FIG = "<article/demo/rel-control>", "<article/demo/fig-killed>"
MEV = "<article/demo/m-aliyev/evidence>"
QUOTE, POS = f"{MEV[:-1]}/quote>", f"{MEV[:-1]}/position>"
EV, AGREE, TERM = "<event/offensive>", "<agreement/ceasefire>", "<term/ceasefire-talks>"
CNT, REL = "<counted/killed-offensive>", "<relationship/azerbaijan-controls-karabakh>"
LINK = "<entity/azerbaijan/wikidata-link>"
ALIYEV, AZ, SEP, NK = ("<entity/ilham-aliyev>", "<entity/azerbaijan>",
                       "<entity/karabakh-separatists>", "<entity/nagorno-karabakh>")
PLAIN = f"{AZ} nkg:controls {NK} ."
OTHER_SHA256 = hashlib.sha256(TEXT.replace("200", "300").encode("utf-8")).hexdigest()
PD = "<https://creativecommons.org/publicdomain/mark/1.0/>"
WORDS = '"the offensive in Karabakh, in which at least 200 people were killed, was over"@en'
DATE = '"2023-09-20"^^xsd:date'
RUSSIA = '<entity/russia> a nkg:Country, nkg:State, nkg:Territory, nkg:Actor ; rdfs:label "Russia"@en .'
PEACEKEEPERS = ('<entity/russian-peacekeepers> a nkg:PeacekeepingForce, nkg:Organisation, nkg:Actor ;'
                ' rdfs:label "Russian peacekeepers"@en .')


def other_support(report: str, status: str = "Reviewed") -> str:
    return f"<article/other/{report}> nkg:reviewStatus nkg:{status} ."


