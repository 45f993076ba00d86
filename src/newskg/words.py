"""Content words of a name or a sentence: lower case, no possessives or stop words, lightly stemmed.

Shared by the evaluation's matching rules and the resolution of drafts to existing entities and
instances, so that "forces" meets "force" and "killed" meets "kill" in both.
"""

from __future__ import annotations

import re
import unicodedata

_STOPWORDS_TEXT = """
a an the of in on at to for by from with and or but as is are was were be been being has have had it
its that this these those which who whom whose will would shall should can could may might s there
their they them he she his her we our you your i not no than
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
_WORD = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"'s\b", "", text.lower())
    return re.sub(r"^(the|a|an)\s+", "", text.strip())


def stem(word: str) -> str:
    """A light stemmer: enough to make 'forces' meet 'force' and 'killed' meet 'kill'."""
    for suffix in ("ies", "es", "s", "ed", "ing"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def content_words(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in _WORD.findall(normalise(text)) if w not in STOPWORDS)
