"""Evidence for the credibility formula's weights: does the score order annotated articles
as their annotated sourcing deserves?

    python -m training.score_evidence [--search]

For every article of the data it rebuilds the text from the annotated sentences, scores it
with the service's report, and compares the score with the article's mean annotated
strength (the guide's strengths over its claim sentences, headline included). Prints
Spearman's rank correlation on the train and test articles for the weights in
service/credibility.py and for each component alone. ``--search`` grid-searches the
weights on the train articles (every component keeps at least 0.05, so none is dropped)
and prints the best five with their test correlation.
"""

from __future__ import annotations

import argparse
import itertools

from scipy.stats import spearmanr
from tqdm import tqdm

from service.config import default_model_dir
from service.credibility import WEIGHTS
from service.labels import STRENGTH
from service.model import AttributionModel
from service.report import build_report
from training.dataset import load_articles

GRID = {
    "sourcing": (0.5, 0.6, 0.7, 0.8),
    "headline_support": (0.05, 0.1, 0.15, 0.2, 0.3),
    "diversity": (0.05, 0.1, 0.15),
    "concentration": (0.05, 0.1),
}


def mean_strength(labels: list[str]) -> float | None:
    strengths = [STRENGTH[label] for label in labels if STRENGTH[label] is not None]
    return sum(strengths) / len(strengths) if strengths else None


def component_values(model: AttributionModel, split: str) -> list[tuple[float, dict]]:
    """(mean annotated strength, component values) for each article of a split."""
    rows = []
    for article in tqdm([a for a in load_articles() if a.split == split], desc=split, leave=False):
        labels = ([article.headline[1]] if article.headline else []) + [label for _, label in article.sentences]
        truth = mean_strength(labels)
        report = build_report(model, "\n".join(s for s, _ in article.sentences),
                              article.headline[0] if article.headline else None)
        components = report["credibility"]["components"]
        if truth is not None and components:
            rows.append((truth, {name: c["value"] for name, c in components.items()}))
    return rows


def correlation(rows: list[tuple[float, dict]], weights: dict) -> float:
    scores = [sum(weights[k] * v for k, v in c.items()) / sum(weights[k] for k in c) for _, c in rows]
    return spearmanr([truth for truth, _ in rows], scores).statistic


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--search", action="store_true")
    args = parser.parse_args()
    model = AttributionModel.load(default_model_dir())
    rows = {split: component_values(model, split) for split in ("train", "test")}
    for split, data in rows.items():
        print(f"{split}: {len(data)} articles; Spearman with mean annotated strength "
              f"{correlation(data, WEIGHTS):.3f} for the weights {WEIGHTS}")
        for name in WEIGHTS:
            alone = [(t, {name: c[name]}) for t, c in data if name in c]
            print(f"    {name:17s} alone: {correlation(alone, {name: 1.0}):.3f} ({len(alone)} articles)")
    if args.search:
        trials = [dict(zip(GRID, values)) for values in itertools.product(*GRID.values())]
        ranked = sorted(trials, key=lambda w: correlation(rows["train"], w), reverse=True)[:5]
        for weights in ranked:
            print(f"train {correlation(rows['train'], weights):.3f}  test {correlation(rows['test'], weights):.3f}  {weights}")


if __name__ == "__main__":
    main()
