"""Build the credibility report for one article: its sentences, their labels and the score."""

from __future__ import annotations

from collections import Counter

from service.credibility import credibility
from service.labels import LABELS, STRENGTH
from service.model import AttributionModel
from service.segmentation import segment_sentences

SERVICE_NAME = "sumber"
SERVICE_VERSION = "0.1.0"


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
    headline_text = title.strip() if title and title.strip() else None
    predictions = model.predict_article([span.text for span in spans], headline_text)
    headline = None
    if headline_text is not None:
        first, predictions = predictions[0], predictions[1:]
        headline = {"text": headline_text, **_labelled(first)}
    sentences = [
        {"index": index, "start": span.start, "end": span.end, "text": span.text, **_labelled(prediction)}
        for index, (span, prediction) in enumerate(zip(spans, predictions))
    ]
    counts = Counter(sentence["label"] for sentence in sentences)
    return {
        "id": article_id,
        "service": {"name": SERVICE_NAME, "version": SERVICE_VERSION},
        "model": model.identity,
        "headline": headline,
        "sentences": sentences,
        "credibility": credibility(headline, sentences),
        "summary": {"label_counts": {label: counts.get(label, 0) for label in LABELS}, "flags": []},
    }


def _labelled(prediction) -> dict:
    return {
        "label": prediction.label,
        "strength": STRENGTH[prediction.label],
        "confidence": round(prediction.confidence, 4),
    }
