"""Print the data README's figures: counts per label, outlet family and split, and agreement.

    python -m training.annotation.describe

Agreement is computed from the stored records (primary vs second label), so it needs
nothing outside the repository.
"""

from __future__ import annotations

from collections import Counter

from service.labels import LABELS
from training.annotation.agreement import kappa_table
from training.corpus import read_jsonl
from training.dataset import DATA_PATH


def main() -> None:
    records = read_jsonl(DATA_PATH)
    articles = {r["article_id"]: r for r in records}
    print(f"{len(records)} sentences ({sum(r['position'] == 'H' for r in records)} headlines) "
          f"from {len(articles)} articles\n")

    print("| label | all | train | test |\n|---|---|---|---|")
    for label in LABELS:
        counts = Counter(r["split"] for r in records if r["label"] == label)
        print(f"| `{label}` | {counts['train'] + counts['test']} | {counts['train']} | {counts['test']} |")

    print("\n| outlet family | articles | test articles | sentences |\n|---|---|---|---|")
    families = Counter(a["family"] for a in articles.values())
    for family, count in sorted(families.items()):
        test = sum(a["family"] == family and a["split"] == "test" for a in articles.values())
        sentences = sum(r["family"] == family for r in records)
        print(f"| {family} | {count} | {test} ({100 * test / count:.0f}%) | {sentences} |")

    print("\n| outlet | articles |\n|---|---|")
    for outlet, count in Counter(a["outlet"] or "(none given)" for a in articles.values()).most_common():
        print(f"| {outlet} | {count} |")

    print("\n| selected by | articles |\n|---|---|")
    for reason, count in sorted(Counter(a["selected_by"] for a in articles.values()).items()):
        print(f"| {reason} | {count} |")

    pairs = [((r["article_id"], r["position"]), r["primary_label"], r["second_label"])
             for r in records if "second_label" in r]
    table = kappa_table(pairs)
    print(f"\nSecond pass: {table['sentences']} sentences ({100 * table['sentences'] / len(records):.1f}%) "
          f"from {len({k[0] for k, _, _ in pairs})} articles; observed agreement "
          f"{table['observed_agreement']:.3f}, Cohen's kappa {table['kappa']:.3f}; "
          f"{sum(r.get('adjudicated_by') is not None for r in records)} disagreements adjudicated.\n")
    print("| label | kappa (one vs rest) | primary | second |\n|---|---|---|---|")
    for label, row in table["per_label"].items():
        kappa = "n/a" if row["kappa"] is None else f"{row['kappa']:.3f}"
        print(f"| `{label}` | {kappa} | {row['primary']} | {row['second']} |")


if __name__ == "__main__":
    main()
