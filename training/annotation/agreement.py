"""Agreement between the primary annotation and the independent second pass.

Prints Cohen's kappa overall and per label (each label against the rest), and with
``--disagreements FILE`` writes the sentences the two readers labelled differently, in
article context, for adjudication against the guide.

    python -m training.annotation.agreement --annotation build/annotation --labels DIR
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

from service.labels import LABELS
from training.annotation.collect import read_labels, read_second_pass
from training.corpus import read_jsonl


def paired_labels(annotation: Path, labels_dir: Path) -> list[tuple[tuple[str, str], str, str]]:
    """(key, primary, second) for every sentence the second reader labelled."""
    articles = {article["id"]: article for article in read_jsonl(annotation / "articles.jsonl")}
    second = read_second_pass(labels_dir)
    batches = {article["batch"] for key in second for article in [articles[key[0]]]}
    primary: dict = {}
    for batch in sorted(batches):
        primary.update(read_labels(labels_dir / f"batch_{batch:02d}.tsv"))
    return [(key, primary[key], label) for key, label in sorted(second.items()) if key in primary]


def kappa_table(pairs) -> dict:
    """Cohen's kappa overall and one-vs-rest per label, with each label's support."""
    first = [p for _, p, _ in pairs]
    second = [s for _, _, s in pairs]
    table = {"sentences": len(pairs),
             "observed_agreement": round(sum(a == b for a, b in zip(first, second)) / len(pairs), 4),
             "kappa": round(cohen_kappa_score(first, second, labels=list(LABELS)), 4),
             "per_label": {}}
    for label in LABELS:
        a = [x == label for x in first]
        b = [x == label for x in second]
        table["per_label"][label] = {
            "kappa": round(cohen_kappa_score(a, b), 4) if any(a) or any(b) else None,
            "primary": sum(a),
            "second": sum(b),
        }
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotation", type=Path, default=Path("build/annotation"))
    parser.add_argument("--labels", type=Path, required=True)
    parser.add_argument("--disagreements", type=Path)
    args = parser.parse_args()
    pairs = paired_labels(args.annotation, args.labels)
    print(json.dumps(kappa_table(pairs), indent=2))
    if args.disagreements:
        with open(args.disagreements, "w", encoding="utf-8") as out:
            for (article_id, position), primary, second in pairs:
                if primary != second:
                    out.write(f"{article_id}\t{position}\t{primary}\t{second}\n")
        print(f"disagreements: {sum(p != s for _, p, s in pairs)} -> {args.disagreements}")


if __name__ == "__main__":
    main()
