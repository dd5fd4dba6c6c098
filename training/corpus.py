"""Read the shared raw corpus (../shared/corpus) and name each document's outlet family."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Iterator

CORPUS_PATH = Path(
    os.environ.get("CORPUS_PATH", Path(__file__).resolve().parents[1].parent / "shared/corpus/articles.jsonl.gz")
)


def read_corpus(path: Path = CORPUS_PATH) -> Iterator[dict]:
    """Yield the corpus documents in file order."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def read_jsonl(path: Path) -> list[dict]:
    """Every JSON object of a JSON Lines file, in order."""
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def outlet_family(article: dict) -> str:
    """Group a document by the part of the corpus it comes from; the split is stratified by it."""
    repo = article.get("source_repo") or ""
    outlet = article.get("outlet") or ""
    if "indo-hoax" in repo:
        return "hoax2017"
    if "Scrapping.csv" in repo:
        return "turnbackhoax2018"
    if "indosum" in repo.lower() or "INDOSUM2" in repo:
        return "indosum2017"
    if "gabriellaclairine" in repo:
        return "detik2025"
    if "TurnBackHoax" in outlet:
        return "turnbackhoax2025"
    return "scrape2025"
