"""Follow-up questions, resolved against the previous turn before retrieval, without an LLM.

„Und wie lange dauert das?“ after a question about the Stakeholder Map becomes „Wie lange dauert
das (Stakeholder Map)?“, and retrieval prefers the documents the previous answer cited; „Und in
der Lausitz?“ after a list of prototypes in Meißen swaps the region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.german import pos_tags
from core.types import Turn
from index.keyword_index import tokenize

_OPENER = re.compile(
    r"^\s*(?:und|aber|also|ok(?:ay)?|gut|danke)\b[,\s]*|^\s*(?:was|wie)\s+(?:ist|sieht(?:'|’)?s|steht(?:'|’)?s|wäre)\s+"
    r"(?:es\s+|denn\s+)?(?:mit|bei)\b|^\s*(?:gilt|geht|klappt|passt)\s+(?:das|es)\s+auch\b|^\s*(?:auch|außerdem|noch)\b",
    re.IGNORECASE)
_PRONOMINAL_ADVERB = re.compile(
    r"\b(da(?:r)?(?:für|zu|von|mit|bei|über|an|auf|aus|in|nach|um|unter|gegen|durch))\b", re.IGNORECASE)
_THIRD_PERSON = {"es", "sie", "er", "ihn", "ihm", "ihnen"}
_QUESTION_WORDS = set(tokenize(
    "wie was wer wen wem wo wann warum wieso weshalb welche welcher welches welchen viel viele lange oft "
    "gibt gibts gib kann könnte muss darf soll sollte brauche braucht brauch braucht man ich wir ihr mir uns "
    "dafür dazu davon damit dabei darüber daran darauf hat haben hatte hatten ist sind war waren wird werden "
    "denn eigentlich auch noch mal genau so gut ok okay danke und aber also dauert dauern kostet kosten "
    "machen macht gemacht geht gehen klappt klappen läuft laufen"))
MAX_FOLLOWUP_WORDS = 9


@dataclass(frozen=True)
class Resolved:
    """The question as understood: `text` is shown and retrieved with; `retrieval_text` adds the
    earlier turn's words; `focus_docs` are the documents the previous answer cited."""

    text: str
    retrieval_text: str
    followup: bool = False
    focus_docs: tuple[str, ...] = ()
    previous: str | None = None


def own_topic(question: str) -> set[str]:
    """Content stems of a question beyond question words, pronouns and fillers."""
    return set(tokenize(question)) - _QUESTION_WORDS


def refers_back(question: str) -> bool:
    """Whether the question leans on a demonstrative or third-person pronoun, a pronominal adverb
    („dafür“) or „dort“ (POS tags tell „das“ as a pronoun from „das“ as an article)."""
    return any(tag in ("PDS", "PROAV") or (tag == "PPER" and word.casefold() in _THIRD_PERSON)
               or word.casefold() in ("dort", "dorthin", "daher", "da")
               for word, tag in pos_tags(question))


def is_followup(question: str) -> bool:
    """A short question that opens like a continuation, or names no subject of its own."""
    words = question.split()
    if len(words) > MAX_FOLLOWUP_WORDS + 4:
        return False
    if _OPENER.search(question):
        return True
    if len(words) > MAX_FOLLOWUP_WORDS:
        return False
    topic = own_topic(question)
    return not topic or (len(topic) <= 2 and refers_back(question))


def resolve(question: str, history: list[Turn], topic: str | None = None,
            focus_docs: tuple[str, ...] = ()) -> Resolved:
    """Spell out a follow-up with the previous turn's `topic` (e.g. the title of the document
    its answer cited); anything else stays as asked."""
    if not history or not is_followup(question):
        return Resolved(question, question)
    previous = history[-1].question
    subject = topic or next((t for t in map(topic_of, (turn.question for turn in reversed(history))) if t), "")
    body = _OPENER.sub("", question, count=1).strip() or question.strip()
    body = body[0].upper() + body[1:]
    text = _insert_topic(body, subject) if subject else body
    return Resolved(text, f"{text} {previous}", True, focus_docs, previous)


_NOUN_TAGS = ("NN", "NE", "FM")


def topic_of(question: str) -> str:
    """What an earlier question was about: its nouns with their adjectives („digitalen antrag“),
    else its content words; empty for a question that was itself only a reference."""
    phrases, current = [], []
    for word, tag in pos_tags(question):
        if tag.startswith("ADJ(A)") or tag.startswith(_NOUN_TAGS):
            current.append(word)
            if tag.startswith(_NOUN_TAGS):
                phrases.append(" ".join(current))
                current = []
        else:
            current = []
    if phrases:
        return " ".join(phrases)
    return " ".join(w for w, tag in pos_tags(question)
                    if tag not in ("PTKVZ", "APPR", "ART") and set(tokenize(w)) - _QUESTION_WORDS)


def _insert_topic(body: str, topic: str) -> str:
    adverb = _PRONOMINAL_ADVERB.search(body)
    if adverb:
        preposition = re.sub(r"^dar?", "", adverb.group(1), flags=re.IGNORECASE)
        return f"{body[:adverb.start()]}{preposition} „{topic}“{body[adverb.end():]}"
    pronoun = next((w for w, tag in pos_tags(body) if tag == "PDS" or w.casefold() in ("da", "dort")
                    or (tag == "PPER" and w.casefold() in _THIRD_PERSON)), None)
    match = re.search(rf"\b{re.escape(pronoun)}\b", body) if pronoun else None
    if match:
        return f"{body[:match.end()]} („{topic}“){body[match.end():]}"
    stripped = body.rstrip(" ?!.")
    return f"{stripped} – „{topic}“{body[len(stripped):]}"


def swap_value(previous: str, old: str, new: str) -> str | None:
    """The previous question with one facet value exchanged („… in Meißen?“ → „… in der Lausitz?“)."""
    match = re.search(re.escape(old), previous, re.IGNORECASE)
    if not match:
        return None
    return previous[:match.start()] + new + previous[match.end():]
