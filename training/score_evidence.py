"""Evidence for the credibility formula's weights: does the score order annotated articles
as their annotated sourcing deserves?

    python -m training.score_evidence [--search] [--model-dir models/<name>-<version>]

For every article of the data it rebuilds the text from the annotated sentences, scores it
with the service's report, and compares the score with the article's mean annotated
strength (the guide's strengths over its claim sentences, headline included). Prints
Spearman's rank correlation on the train and test articles for the weights in
service/credibility.py, with a bootstrap interval over articles, and for each component
alone. By design the score leaves out the claim a fact-check quotes in order to debunk it,
which that mean counts; so the score is also ranked against the mean over the sentences it
counts (the same ``fact_check_sections`` decide both).

``--search`` grid-searches the weights (every component keeps at least 0.05, so none is
dropped) on the train articles *as scored by models that did not see them*: five
article-grouped folds, each scored by the served candidate fitted on the other four. The
served model has nearly learnt its own training articles, so weights chosen on its
in-sample reports would be tuned to labels without the errors the test articles (and
every new article) have. Prints the best five with their test correlation.
"""

from __future__ import annotations

import argparse
import itertools
from typing import NamedTuple

import numpy as np
from scipy.stats import bootstrap, spearmanr
from sklearn.model_selection import GroupKFold
from tqdm import tqdm

from service.config import default_model_dir
from service.credibility import WEIGHTS
from service.features import fact_check_sections
from service.labels import STRENGTH
from service.model import AttributionModel
from service.report import build_report
from training.dataset import AnnotatedArticle, examples, load_articles
from training.pipeline import build_pipeline

SEARCH_FOLDS = 5
BOOTSTRAP_RESAMPLES = 1000

GRID = {
    "sourcing": (0.5, 0.6, 0.7, 0.8, 0.9),
    "headline_support": (0.05, 0.1, 0.15, 0.2, 0.3),
    "diversity": (0.05, 0.1, 0.15),
    "concentration": (0.05, 0.1),
}


class Evidence(NamedTuple):
    """One scored article: its mean annotated strength, the same over the sentences the
    score counts, and the score's component values."""

    truth: float
    counted_truth: float | None
    components: dict


def mean_strength(labels: list[str]) -> float | None:
    strengths = [STRENGTH[label] for label in labels if STRENGTH[label] is not None]
    return sum(strengths) / len(strengths) if strengths else None


def component_values(model: AttributionModel, articles: list[AnnotatedArticle]) -> list[Evidence]:
    """The Evidence of each article the model scores."""
    rows = []
    for article in articles:
        texts = [text for text, _ in article.sentences]
        body = [label for _, label in article.sentences]
        headline = [article.headline[1]] if article.headline else []
        sections = fact_check_sections(texts)
        # What the score counts: in a fact-check, neither the claim under check nor the
        # headline that names it.
        counted = ([] if any(sections) else headline) + [
            label for label, section in zip(body, sections) if section != "claim"]
        report = build_report(model, "\n".join(texts), article.headline[0] if article.headline else None)
        components = report["credibility"]["components"]
        truth = mean_strength(headline + body)
        if truth is not None and components:
            rows.append(Evidence(truth, mean_strength(counted), {
                name: c["value"] for name, c in components.items()}))
    return rows


def cross_validated_values(candidate: str, articles: list[AnnotatedArticle]) -> list[Evidence]:
    """component_values of every article, each scored by ``candidate`` fitted on the other folds."""
    ids = [article.article_id for article in articles]
    rows = []
    folds = GroupKFold(n_splits=SEARCH_FOLDS).split(ids, groups=ids)
    for fitted_on, held_out in tqdm(list(folds), desc="folds", leave=False):
        records, labels, groups = examples([articles[i] for i in fitted_on])
        pipeline = build_pipeline(candidate, groups).fit(records, labels)
        model = AttributionModel(pipeline, {"name": f"{candidate}-fold"})
        rows += component_values(model, [articles[i] for i in held_out])
    return rows


def scored_pairs(rows: list[Evidence], weights: dict, counted: bool = False) -> list[tuple[float, float]]:
    """(the (counted) mean annotated strength, the weighted score) of every article that has one."""
    pairs = [(row.counted_truth if counted else row.truth,
              sum(weights[k] * v for k, v in row.components.items()) / sum(weights[k] for k in row.components))
             for row in rows]
    return [(truth, score) for truth, score in pairs if truth is not None]


def correlation(rows: list[Evidence], weights: dict, counted: bool = False) -> float:
    """Spearman between the weighted score and the (counted) mean annotated strength."""
    pairs = scored_pairs(rows, weights, counted)
    return spearmanr(*zip(*pairs)).statistic if len(pairs) > 1 else float("nan")


def interval(rows: list[Evidence], weights: dict) -> tuple[float, float]:
    """A 95% percentile-bootstrap interval of ``correlation`` over articles (seeded): how far
    the figure could move on another sample of articles like these."""
    truths, scores = zip(*scored_pairs(rows, weights))
    result = bootstrap((truths, scores), lambda t, s: spearmanr(t, s).statistic, paired=True,
                       vectorized=False, n_resamples=BOOTSTRAP_RESAMPLES, method="percentile",
                       rng=np.random.default_rng(0))
    return result.confidence_interval.low, result.confidence_interval.high


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--search", action="store_true")
    parser.add_argument("--model-dir", default=None,
                        help="a model folder, e.g. an earlier model to compare on the same split (default: the served one)")
    args = parser.parse_args()
    model = AttributionModel.load(args.model_dir or default_model_dir())
    articles = load_articles()
    splits = {split: [a for a in articles if a.split == split] for split in ("train", "test")}
    rows = {split: component_values(model, tqdm(data, desc=split, leave=False)) for split, data in splits.items()}
    for split, data in rows.items():
        report_correlations(split, data)
    if args.search:
        candidate = model.manifest["candidate"]
        held_out = cross_validated_values(candidate, splits["train"])
        report_correlations(f"train, each article scored by {candidate} fitted on the other folds", held_out)
        trials = [dict(zip(GRID, values)) for values in itertools.product(*GRID.values())]
        ranked = sorted(trials, key=lambda w: correlation(held_out, w), reverse=True)[:5]
        for weights in ranked:
            print(f"train (held out) {correlation(held_out, weights):.3f}  "
                  f"train {correlation(rows['train'], weights):.3f}  test {correlation(rows['test'], weights):.3f}  {weights}")


def report_correlations(name: str, rows: list[Evidence]) -> None:
    """Spearman of the score with the current weights, and of each component alone."""
    low, high = interval(rows, WEIGHTS)
    print(f"{name}: {len(rows)} articles; Spearman with mean annotated strength "
          f"{correlation(rows, WEIGHTS):.3f} (95% bootstrap interval {low:.3f}-{high:.3f}; "
          f"over the sentences the score counts: "
          f"{correlation(rows, WEIGHTS, counted=True):.3f}) for the weights {WEIGHTS}")
    for component in WEIGHTS:
        alone = [row._replace(components={component: row.components[component]})
                 for row in rows if component in row.components]
        print(f"    {component:17s} alone: {correlation(alone, {component: 1.0}):.3f} ({len(alone)} articles)")


if __name__ == "__main__":
    main()
