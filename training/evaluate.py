"""Evaluate a model folder on the held-out test articles and write its report and model card.

    python -m training.evaluate [models/attribution-<version>]

Writes into ``<model>/evaluation/``: ``metrics.json``, ``confusion_matrix.png``,
``reliability.png``, and ``<model>/MODEL_CARD.md``; adds the test metrics to the
manifest. The keyword baseline and the sentence-only TF-IDF model are fitted on the same
training articles and reported beside the chosen model.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.metrics import classification_report, confusion_matrix, f1_score  # noqa: E402

from service.config import default_model_dir  # noqa: E402
from service.labels import LABELS  # noqa: E402
from service.model import MANIFEST_FILE, AttributionModel  # noqa: E402
from training.dataset import DATA_PATH, examples, load_articles  # noqa: E402
from training.pipeline import build_pipeline  # noqa: E402

RIVALS = ("keyword_baseline", "sentence_tfidf")
CALIBRATION_BINS = 10


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, bins: int = CALIBRATION_BINS):
    """ECE of the top-label confidence over equal-width bins; also the per-bin table."""
    edges = np.linspace(0, 1, bins + 1)
    table, ece = [], 0.0
    for low, high in zip(edges[:-1], edges[1:]):
        inside = (confidence > low) & (confidence <= high)
        if inside.any():
            gap = abs(correct[inside].mean() - confidence[inside].mean())
            ece += inside.mean() * gap
            table.append({"low": round(low, 2), "high": round(high, 2), "count": int(inside.sum()),
                          "accuracy": round(float(correct[inside].mean()), 4),
                          "confidence": round(float(confidence[inside].mean()), 4)})
    return float(ece), table


def label_metrics(truth, predicted) -> dict:
    """Per-label precision/recall/F1 and macro-F1 over the guide's eight labels."""
    report = classification_report(truth, predicted, labels=list(LABELS), output_dict=True, zero_division=0)
    return {
        "macro_f1": round(f1_score(truth, predicted, labels=list(LABELS), average="macro", zero_division=0), 4),
        "accuracy": round(float(np.mean(np.array(truth) == np.array(predicted))), 4),
        "per_label": {label: {k: round(report[label][k], 4) for k in ("precision", "recall", "f1-score", "support")}
                      for label in LABELS},
    }


def evaluate(folder: Path, data_path: Path = DATA_PATH) -> dict:
    """Score the model and its rivals on the test split; write the report files."""
    model = AttributionModel.load(folder)
    articles = load_articles(data_path)
    train_records, train_labels, train_groups = examples([a for a in articles if a.split == "train"])
    test_records, test_labels, _ = examples([a for a in articles if a.split == "test"])

    probabilities = model.predict_proba(test_records)
    predicted = [model.classes[i] for i in probabilities.argmax(axis=1)]
    confidence = probabilities.max(axis=1)
    correct = np.array(predicted) == np.array(test_labels)
    ece, bins = expected_calibration_error(confidence, correct)
    results = {"model": label_metrics(test_labels, predicted)}
    results["model"]["expected_calibration_error"] = round(ece, 4)
    results["model"]["reliability"] = bins
    for rival in RIVALS:
        fitted = build_pipeline(rival, train_groups).fit(train_records, train_labels)
        results[rival] = label_metrics(test_labels, list(fitted.predict(test_records)))
    results["test_set"] = {"articles": sum(a.split == "test" for a in articles), "sentences": len(test_labels)}

    out = folder / "evaluation"
    out.mkdir(exist_ok=True)
    _plot_confusion(confusion_matrix(test_labels, predicted, labels=list(LABELS)), out / "confusion_matrix.png")
    _plot_reliability(bins, ece, out / "reliability.png")
    (out / "metrics.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    manifest_path = folder / MANIFEST_FILE
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["metrics"]["test"] = {name: {k: v for k, v in r.items() if k in ("macro_f1", "accuracy", "expected_calibration_error")}
                                   for name, r in results.items() if name != "test_set"}
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "MODEL_CARD.md").write_text(model_card(manifest, results), encoding="utf-8")
    _print_summary(results)
    return results


_FULL = ("a `Pipeline` from `service.features` records (the sentence's words and its long words' "
         "affixes, its cues, its quotation state, its neighbours' cues, the words of the sentence it "
         "refers back to, its speaker's words, who that speaker is where the article introduced them, "
         "and whether the speaker is named) to probabilities: a linear support-vector classifier whose margins become "
         "probabilities by temperature scaling on held-out articles")
CANDIDATE_MODELS = {
    "full": _FULL + ".",
    "full_stacked": (f"two stages. The first is {_FULL}. The second is a classifier of the same kind "
                     "over the same features plus the first stage's probabilities for the neighbouring "
                     "sentences and the nearest earlier sourced one (`service/neighbour_stacking.py`), "
                     "fitted on out-of-fold first-stage probabilities."),
}


def model_card(manifest: dict, results: dict) -> str:
    """The model card: intended use, data, limits and the measured results."""
    cv = manifest["metrics"]["cross_validation"]
    rows = "\n".join(
        f"| `{label}` | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1-score']:.3f} | {int(m['support'])} |"
        for label, m in results["model"]["per_label"].items()
    )
    compare = "\n".join(
        f"| {name} | {r['macro_f1']:.3f} | {r['accuracy']:.3f} |" for name, r in results.items() if name != "test_set"
    )
    cv_rows = "\n".join(
        f"| {name} | {r['macro_f1_mean']:.3f} ± {r['macro_f1_std']:.3f} |" for name, r in cv["by_candidate"].items()
    )
    data = manifest["training_data"]
    return f"""# Model card: {manifest['name']} {manifest['version']}

Generated by `python -m training.evaluate` from the files beside it; do not edit by hand.

## Intended use
Labels each sentence of an Indonesian news article (and its headline) with how the article
sources its claim, per `../shared/ATTRIBUTION_GUIDE.md`: official, named, media, anonymous,
social, hedged, unattributed, other. Its output feeds the credibility report of the scoring
service; an editor reads the labels as pointers to weakly sourced sentences, not verdicts on
truth. It does not check facts.

## Model
Candidate `{manifest['candidate']}` (scikit-learn {manifest['scikit_learn_version']}): {CANDIDATE_MODELS.get(manifest['candidate'], 'see training/pipeline.py')}
(the sentence-only rival uses logistic regression). sha256 `{manifest['sha256']}`; code revision `{manifest['git_revision']}`.

## Data
`{data['path']}` (sha256 `{data['sha256'][:16]}…`): {data['articles']} training articles,
{data['sentences']} sentences; tested on {results['test_set']['articles']} held-out articles
({results['test_set']['sentences']} sentences) split by article and stratified by outlet
family. See `training/data/README.md` for sources, annotation and agreement.

## Results on the held-out test split
Macro-F1 **{results['model']['macro_f1']:.3f}**, accuracy {results['model']['accuracy']:.3f},
expected calibration error {results['model']['expected_calibration_error']:.3f}
(`evaluation/reliability.png`; confusion matrix in `evaluation/confusion_matrix.png`).

| label | precision | recall | F1 | support |
|---|---|---|---|---|
{rows}

Beside its rivals, fitted on the same training articles:

| model | macro-F1 | accuracy |
|---|---|---|
{compare}

Grouped {cv['folds']}-fold cross-validation on the training articles (selection):

| candidate | macro-F1 |
|---|---|
{cv_rows}

## Limits
- Trained on articles of 6-35 sentences from 2016-17 and 2025 Indonesian outlets and fact-checks;
  other genres (opinion, live blogs, press releases) are unseen.
- The labels were made by AI model readers following the guide (see the data README); the
  second pass agrees with the first at the kappa reported there, which bounds what the
  figures above can mean.
- Rare labels (anonymous, hedged) have few test examples: their F1 moves a lot with a few
  sentences.
"""


def _plot_confusion(matrix: np.ndarray, path: Path) -> None:
    figure, axes = plt.subplots(figsize=(7, 6))
    axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(range(len(LABELS)), LABELS, rotation=45, ha="right")
    axes.set_yticks(range(len(LABELS)), LABELS)
    axes.set_xlabel("predicted")
    axes.set_ylabel("annotated")
    for (row, column), value in np.ndenumerate(matrix):
        axes.text(column, row, str(value), ha="center", va="center",
                  color="white" if value > matrix.max() / 2 else "black", fontsize=8)
    axes.set_title("Confusion matrix, held-out test split")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _plot_reliability(bins: list[dict], ece: float, path: Path) -> None:
    figure, axes = plt.subplots(figsize=(5, 5))
    axes.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
    axes.plot([b["confidence"] for b in bins], [b["accuracy"] for b in bins], marker="o", label="model")
    axes.set_xlabel("mean confidence")
    axes.set_ylabel("accuracy")
    axes.set_title(f"Reliability, test split (ECE {ece:.3f})")
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _print_summary(results: dict) -> None:
    for name, result in results.items():
        if name != "test_set":
            print(f"{name:18s} macro-F1 {result['macro_f1']:.3f}  accuracy {result['accuracy']:.3f}")
    for label, m in results["model"]["per_label"].items():
        print(f"  {label:13s} P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1-score']:.3f} n={int(m['support'])}")
    print(f"expected calibration error {results['model']['expected_calibration_error']:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_dir", nargs="?", type=Path, default=None)
    args = parser.parse_args()
    evaluate(args.model_dir or default_model_dir())


if __name__ == "__main__":
    main()
