"""Join the sampled articles with the readers' labels into ``training/data/sentences.jsonl``.

Inputs (outside the repository, because the batches hold whole articles):
``build/annotation/articles.jsonl`` from ``sample_articles``, the primary labels
``labels/batch_NN.tsv``, the independent second pass ``labels/second_pass*.tsv`` and the
adjudication of their disagreements ``labels/adjudication.tsv``.

Output: one record per annotated sentence (headlines included) with its provenance, the
primary annotator's label, the second annotator's where there is one, the adjudicated
final ``label``, how it was made, and the article's fixed train/test split.

    python -m training.annotation.collect --annotation build/annotation --labels /work/annot/labels
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
from pathlib import Path

from service.labels import LABELS
from training.corpus import read_jsonl
from training.dataset import DATA_PATH

SPLIT_SALT = "sumber-split-v1"
TEST_SHARE = 0.25

METHOD = (
    "read in its whole article by one annotator following ../shared/ATTRIBUTION_GUIDE.md "
    "and training/annotation/BRIEF.md (an AI model reader in its own session, no keyword proposals "
    "shown, no labelling code allowed)"
)


def read_labels(path: Path) -> dict[tuple[str, str], str]:
    """Read ``article_id<TAB>index<TAB>label`` lines; refuse unknown labels or duplicates."""
    labels: dict[tuple[str, str], str] = {}
    with open(path, encoding="utf-8") as rows:
        for number, row in enumerate(csv.reader(rows, delimiter="\t"), 1):
            if not row or not "".join(row).strip():
                continue
            if len(row) < 3 or row[2].strip() not in LABELS:
                raise ValueError(f"{path}:{number}: bad row {row!r}")
            key = (row[0].strip(), row[1].strip())
            if key in labels and labels[key] != row[2].strip():
                raise ValueError(f"{path}:{number}: {key} labelled twice, differently")
            labels[key] = row[2].strip()
    return labels


def read_second_pass(labels_dir: Path) -> dict[tuple[str, str], str]:
    """The independent second annotation, from every ``second_pass*.tsv`` (one per round)."""
    labels: dict[tuple[str, str], str] = {}
    for path in sorted(labels_dir.glob("second_pass*.tsv")):
        labels.update(read_labels(path))
    return labels


def assign_splits(articles: list[dict], recorded: dict[str, str]) -> dict[str, str]:
    """Each article's fixed split, stratified by outlet family.

    Splits already recorded in the data are kept, so adding articles never moves one
    between train and test. New articles of a family go to test, in the order of a hash
    of their id, until the family's test share reaches TEST_SHARE.
    """
    split = {a["id"]: recorded[a["id"]] for a in articles if a["id"] in recorded}
    by_family: dict[str, list[str]] = {}
    for article in articles:
        by_family.setdefault(article["family"], []).append(article["id"])
    for ids in by_family.values():
        new = sorted((i for i in ids if i not in split), key=_hash)
        for article_id in new:
            tested = sum(split.get(i) == "test" for i in ids)
            split[article_id] = "test" if tested < round(TEST_SHARE * len(ids)) else "train"
    return split


def _hash(article_id: str) -> str:
    return hashlib.sha256(f"{SPLIT_SALT}:{article_id}".encode()).hexdigest()


def recorded_splits(path: Path) -> dict[str, str]:
    """Article splits recorded in an existing data file (empty when there is none)."""
    if not path.exists():
        return {}
    return {r["article_id"]: r["split"] for r in read_jsonl(path)}


def collect(annotation: Path, labels_dir: Path, recorded: dict[str, str]) -> list[dict]:
    """Build the sentence records; raise if any sampled sentence lacks a primary label."""
    articles = read_jsonl(annotation / "articles.jsonl")
    split = assign_splits(articles, recorded)
    second = read_second_pass(labels_dir)
    adjudicated_path = labels_dir / "adjudication.tsv"
    adjudicated = read_labels(adjudicated_path) if adjudicated_path.exists() else {}
    records, missing = [], []
    primary_cache: dict[int, dict] = {}
    for article in articles:
        batch = article["batch"]
        if batch not in primary_cache:
            primary_cache[batch] = read_labels(labels_dir / f"batch_{batch:02d}.tsv")
        primary = primary_cache[batch]
        lines = ([("H", None, None, article["title"])] if article["title"] else []) + [
            (str(i), start, end, text) for i, (start, end, text) in enumerate(article["sentences"])
        ]
        for position, start, end, text in lines:
            key = (article["id"], position)
            if key not in primary:
                missing.append(key)
                continue
            record = {
                "article_id": article["id"],
                "outlet": article["outlet"],
                "family": article["family"],
                "url": article["url"],
                "selected_by": article["selected_by"],
                "split": split[article["id"]],
                "position": position,
                "start": start,
                "end": end,
                "text": text,
                "label": primary[key],
                "primary_label": primary[key],
                "primary_annotator": f"reader-{batch}",
                "method": METHOD,
            }
            if key in second:
                record["second_label"] = second[key]
                record["second_annotator"] = "reader-S"
                if second[key] != primary[key]:
                    if key not in adjudicated:
                        missing.append(key + ("adjudication",))
                        continue
                    record["label"] = adjudicated[key]
                    record["adjudicated_by"] = "reader-J"
            records.append(record)
    if missing:
        raise SystemExit(f"{len(missing)} sentences lack a label, e.g. {missing[:5]}")
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotation", type=Path, default=Path("build/annotation"))
    parser.add_argument("--labels", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=DATA_PATH)
    args = parser.parse_args()
    records = collect(args.annotation, args.labels, recorded_splits(args.out))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(records)} sentences from {len({r['article_id'] for r in records})} articles -> {args.out}")


if __name__ == "__main__":
    main()
