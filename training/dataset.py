"""The annotated sentences as whole articles, and the model's examples built from them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from service.features import article_records, read_article
from training.corpus import read_jsonl

DATA_PATH = Path(__file__).resolve().parent / "data" / "sentences.jsonl"


@dataclass
class AnnotatedArticle:
    """One article's labelled headline (if any) and body sentences, in order."""

    article_id: str
    family: str
    split: str
    headline: tuple[str, str] | None = None
    sentences: list[tuple[str, str]] = field(default_factory=list)

    def examples(self) -> tuple[list[dict], list[str]]:
        """Feature records and labels, built exactly as the service builds them."""
        records = article_records(read_article([text for text, _ in self.sentences]),
                                  self.headline[0] if self.headline else None)
        labels = ([self.headline[1]] if self.headline else []) + [label for _, label in self.sentences]
        return records, labels


def load_articles(path: Path = DATA_PATH) -> list[AnnotatedArticle]:
    """Group the sentence records into articles, body sentences in article order."""
    articles: dict[str, AnnotatedArticle] = {}
    for record in read_jsonl(path):
        article = articles.setdefault(
            record["article_id"],
            AnnotatedArticle(record["article_id"], record["family"], record["split"]),
        )
        if record["position"] == "H":
            article.headline = (record["text"], record["label"])
        else:
            article.sentences.append((int(record["position"]), record["text"], record["label"]))
    for article in articles.values():
        article.sentences = [(text, label) for _, text, label in sorted(article.sentences)]
    return list(articles.values())


def examples(articles: list[AnnotatedArticle]) -> tuple[list[dict], list[str], list[str]]:
    """Flatten articles into (records, labels, article ids) for scikit-learn."""
    records, labels, groups = [], [], []
    for article in articles:
        article_records_, article_labels = article.examples()
        records += article_records_
        labels += article_labels
        groups += [article.article_id] * len(article_labels)
    return records, labels, groups


def data_sha256(path: Path = DATA_PATH) -> str:
    """Hash of the training-data snapshot, recorded in every model's manifest."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
