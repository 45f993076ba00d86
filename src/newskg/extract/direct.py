"""Direct quotations and their speakers: '"...," X said', '"...," said X, a description', 'X said:
"..."', a quotation after "but said" that takes the subject of the sentence's first cue, a quotation
that goes on the previous speaker's words, and one that waits for the speaker of the quotation right
after it ('"A." "B," he warned.')."""

from __future__ import annotations

import datetime as dt

from newskg.extract.attribution import quoted_words
from newskg.extract.model import StatementDraft
from newskg.extract.quotes import Quotation, after_quote, before_quote, inside, is_full_quote
from newskg.extract.reporting import ACTS, CUE, QUOTE_CUE, add_statement, bare_cue, cue_text, is_cue
from newskg.extract.sentences import Sentence
from newskg.extract.speakers import Speaker, SpeakerTracker, plausible_speaker, speaker_phrases
from newskg.extract.subjects import phrase_speakers


def direct_statements(sentence: Sentence, quotes: list[Quotation], tracker: SpeakerTracker,
            published: dt.date | None, out: list[StatementDraft], used: set[int]) -> None:
    text = sentence.text
    if not quotes:
        return
    cue_starts = [m.start() for m in CUE.finditer(text) if not inside(quotes, m.start())
                  and is_cue(text, m)]
    pending: list[Quotation] = []
    for q in quotes:
        if not is_full_quote(q) and not (q.start == 0 and len(q.words.split()) >= 2):
            continue  # a scare quote ("justified"), unless it opens the sentence: '"We are ready,"
        found = after_quote(text, q, QUOTE_CUE)
        before = before_quote(text, q, CUE)
        if before is None and any(at < q.start for at in cue_starts):
            continue  # a quoted fragment inside reported speech: part of those words
        speakers: list[Speaker] = []
        cue_words = ""
        if found is not None and before is None:
            phrase, role, cue, offset = found
            if not plausible_speaker(phrase.strip()):
                continue
            used.add(offset + cue.start())
            cue_words = cue_text(text, offset + cue.start(), offset + cue.end())
            speakers = phrase_speakers(phrase, role, tracker)
        elif before is not None and before.start() not in used:
            used.add(before.start())
            cue_words = before.group("cue")
            if cue_words.endswith("ing") and text[:before.start()].rstrip().endswith(","):
                # '"A," she said, adding: "B"': the speaker of the main clause
                speakers = sentence_speakers(out) or ([tracker.last_any] if tracker.last_any
                                                       else [])
            else:
                phrases = speaker_phrases(text[:before.start()])
                if phrases == []:  # "X said A, but said “B”": the subject of the earlier cue
                    phrases = next((p for at in cue_starts if at < before.start()
                                    if (p := speaker_phrases(text[:at]))), [])
                speakers = [s for p, r in phrases or [] if (s := tracker.resolve(p, r))]
        confidence = 0.9
        if not speakers and text.strip(" .").startswith(("“", '"')) and q.end >= len(text) - 2:
            last = tracker.last_any  # a quotation that continues the previous speaker's words
            speakers, cue_words, confidence = ([last], "(continued quotation)", 0.5) if last else \
                ([], "", 0.0)
        if not speakers:  # '"A." "B," he said.': A waits for the speaker of the quotation after it
            pending.append(q)
            continue
        waiting = [w for w in pending if not text[w.end:q.start].strip()]
        pending.clear()
        for speaker in speakers:
            for w in waiting:
                start, quoted = quoted_words(w)
                add_statement(out, sentence, speaker, quoted, True, "asserted",
                              "(quotation before another)", 0.6, published, start=start)
        for speaker in speakers:
            conf = 0.75 if speaker.resolved_from else confidence
            start, quoted = quoted_words(q)
            add_statement(out, sentence, speaker, quoted, True,
                          ACTS.get(bare_cue(cue_words), "asserted"),
                          cue_words, conf, published, start=start)


def sentence_speakers(out: list[StatementDraft]) -> list[Speaker]:
    """The speakers of the statements found so far in the sentence (for a shared cue)."""
    return [Speaker(s.speaker.name, s.speaker.entity, s.role) for s in out[-1:]]
