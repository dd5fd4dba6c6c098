"""Build the credibility report for one article: sentences, labels, sources, cues, the
headline's support, flags and the score."""

from __future__ import annotations

from collections import Counter

from service.credibility import credibility
from service.features import ArticleReading, inside_quotes, read_article
from service.flags import find_flags
from service.headline_support import headline_support
from service.labels import LABELS, STRENGTH
from service.model import AttributionModel
from service.segmentation import segment_sentences
from service.sources import ATTRIBUTED_LABELS, Mention, find_mention, merge_sources
from service.version import SERVICE_NAME, SERVICE_VERSION


# Cue kinds shown to editors, as the API names them.
REPORTED_CUES = {"reporting_verb": "reporting_verb", "quote_tail": "reporting_verb", "hedge": "hedge",
                 "platform": "platform", "relay": "relay", "anonymity": "anonymity"}


class TooManySentences(ValueError):
    """The article has more sentences than the service scores in one request."""


def build_report(
    model: AttributionModel,
    text: str,
    title: str | None = None,
    article_id: str | None = None,
    max_sentences: int | None = None,
) -> dict:
    """Segment, label and score an article; offsets in the report index ``text`` by code point."""
    spans = segment_sentences(text)
    if max_sentences is not None and len(spans) > max_sentences:
        raise TooManySentences(f"the text has {len(spans)} sentences; the limit is {max_sentences}")
    article = read_article([span.text for span in spans])
    headline_text = title.strip() if title and title.strip() else None
    predictions = model.predict_article(article, headline_text)
    headline = None
    if headline_text is not None:
        first, predictions = predictions[0], predictions[1:]
        headline = {"text": headline_text, **_labelled(first)}
    sentences = [
        {"index": index, "start": span.start, "end": span.end, "text": span.text, **_labelled(prediction)}
        for index, (span, prediction) in enumerate(zip(spans, predictions))
    ]
    sources = _attach_sources_and_cues(sentences, article)
    sections = article.sections
    support = headline_support(headline, sentences, sources)
    flags = find_flags(headline, sentences, sources, support, fact_check=any(sections))
    counts = Counter(sentence["label"] for sentence in sentences)
    return {
        "id": article_id,
        "service": {"name": SERVICE_NAME, "version": SERVICE_VERSION},
        "model": model.identity,
        "headline": headline,
        "sentences": sentences,
        "sources": [
            {"name": s.name, "type": s.type, "channel": s.channel, "sentences": s.sentences,
             "mentions": [{"start": a, "end": b, "text": text[a:b]} for a, b in s.mentions]}
            for s in sources
        ],
        "headline_support": support,
        "credibility": credibility(headline, sentences, sources, support, sections),
        "summary": {"label_counts": {label: counts.get(label, 0) for label in LABELS}, "flags": flags,
                    "fact_check": any(sections)},
    }


def _labelled(prediction) -> dict:
    strength = STRENGTH[prediction.label]
    return {
        "label": prediction.label,
        "strength": strength,
        "confidence": round(prediction.confidence, 4),
        # A claim's strength as the model's probabilities put it; none for `other`.
        "expected_strength": None if strength is None else round(prediction.expected_strength, 4),
    }


def _attach_sources_and_cues(sentences: list[dict], article: ArticleReading) -> list:
    """Give each sentence its cues and, when attributed, its source; merge the sources.

    A pronoun or quote tail ("Ia menegaskan", "tambahnya") takes the last source named by
    an attributed sentence (guide rule 5) and is marked ``resolved``.
    """
    mentions: list[tuple[int, Mention, str]] = []
    last: Mention | None = None
    for sentence, state, cues in zip(sentences, article.states, article.cues):
        offset = sentence["start"]
        quoted = state["quoted"]
        sentence["cues"] = [
            {"text": cue.text, "start": offset + cue.start, "end": offset + cue.end, "kind": REPORTED_CUES[cue.kind],
             "in_quote": inside_quotes(cue.start, quoted)}
            for cue in cues if cue.kind in REPORTED_CUES
        ]
        sentence["source"] = None
        if sentence["label"] not in ATTRIBUTED_LABELS:
            continue
        found = find_mention(sentence["text"], cues)
        resolved = found == "pronoun"
        if resolved:
            mention = last
        elif found is not None:
            mention = Mention(found.name, found.type, offset + found.start, offset + found.end)
        else:
            mention = None
        if mention is None:
            continue
        last = mention
        mentions.append((sentence["index"], mention, sentence["label"]))
        sentence["source"] = {"name": mention.name, "type": mention.type, "start": mention.start,
                              "end": mention.end, "resolved": resolved}
    sources = merge_sources(mentions)
    for source in sources:  # the merged type is the most specific one seen
        for index in source.sentences:
            sentences[index]["source"]["type"] = source.type
    return sources
