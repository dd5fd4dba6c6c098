"""Build the attribution model: compare the candidates by grouped cross-validation on the
training articles, fit the best on all of them, and write a versioned model folder.

    python -m training.train [--version 2026.11.26] [--folds 5]

Writes ``models/attribution-<version>/`` with ``model.joblib``, ``manifest.json`` and
then, through ``training.evaluate``, the held-out test report and ``MODEL_CARD.md``.
Deterministic: fixed seeds, fixed folds, the data's split recorded in the data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import subprocess
from pathlib import Path

import joblib
import numpy as np
import sklearn
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold
from tqdm import tqdm

from service.config import MODELS_ROOT
from service.labels import LABELS
from service.model import MANIFEST_FILE, MODEL_FILE, file_sha256
from training.dataset import DATA_PATH, data_sha256, examples, load_articles
from training.pipeline import CANDIDATES, build_pipeline

MODEL_NAME = "attribution"
SERVABLE = ("sentence_tfidf", "full", "full_stacked")


def cross_validate(candidate: str, records, labels, groups, folds: int, cv_seed: int | None = None) -> dict:
    """Macro-F1 of a candidate over GroupKFold folds of the training articles: folds balanced
    by size, or, with ``cv_seed``, articles dealt to folds in a seeded random order (a second
    fold split, to see whether a difference between candidates survives a reshuffle)."""
    labels = np.array(labels)
    scores = []
    splitter = GroupKFold(n_splits=folds) if cv_seed is None else GroupKFold(n_splits=folds, shuffle=True,
                                                                               random_state=cv_seed)
    splits = splitter.split(records, labels, groups)
    for train, held in tqdm(list(splits), desc=f"cv {candidate}", leave=False):
        model = build_pipeline(candidate, [groups[i] for i in train])
        model.fit([records[i] for i in train], labels[train])
        predicted = model.predict([records[i] for i in held])
        scores.append(f1_score(labels[held], predicted, labels=list(LABELS), average="macro", zero_division=0))
    return {"macro_f1_mean": round(float(np.mean(scores)), 4),
            "macro_f1_std": round(float(np.std(scores)), 4),
            "folds": [round(float(s), 4) for s in scores]}


def choose(cv: dict) -> str:
    """The one-standard-error rule over the servable candidates, on paired folds: the
    cheapest (CANDIDATES runs from cheapest to dearest) whose mean per-fold deficit against
    the best servable candidate is within one standard error of those per-fold deficits.
    Every candidate is scored on the same folds, so a fold's difficulty is shared; comparing
    fold by fold keeps it out of the error (on rounds 1-23 the second stage beat the one-stage
    model in all five folds, by 0.003-0.015, while the unpaired fold spread was 0.020).
    ``full_char`` is cross-validated and reported but not servable: its character n-grams
    cost ~8 ms on a 30-sentence article in the service's LinearScorer, nine times the rest
    of prediction, past the latency budget of #5."""
    servable = [c for c in CANDIDATES if c in SERVABLE]
    best = max(servable, key=lambda c: cv[c]["macro_f1_mean"])
    for candidate in servable:
        deficits = np.subtract(cv[best]["folds"], cv[candidate]["folds"])
        if deficits.mean() <= deficits.std(ddof=1) / len(deficits) ** 0.5:
            return candidate
    return best

def git_revision() -> str:
    """The code revision the model was built from (with -dirty for uncommitted changes)."""
    try:
        # The trainer's own `git` from PATH, with fixed arguments: it only names the revision.
        return subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True,  # nosec B607
                              text=True, check=True, cwd=Path(__file__).parent).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _repository_path(path: Path) -> str:
    """The data path as the repository names it (absolute when it lies outside)."""
    root = Path(__file__).resolve().parents[1]
    resolved = path.resolve()
    return str(resolved.relative_to(root)) if resolved.is_relative_to(root) else str(resolved)


def train(version: str, folds: int, data_path: Path = DATA_PATH, models_root: Path = MODELS_ROOT,
          cv_seed: int | None = None) -> Path:
    """Select, fit and save the model; return its folder."""
    articles = [a for a in load_articles(data_path) if a.split == "train"]
    records, labels, groups = examples(articles)
    print(f"training articles: {len(articles)}, sentences: {len(labels)}")
    cv = {candidate: cross_validate(candidate, records, labels, groups, folds, cv_seed)
          for candidate in tqdm(CANDIDATES, desc="candidates")}
    for candidate, result in cv.items():
        print(f"  {candidate:18s} macro-F1 {result['macro_f1_mean']:.3f} ± {result['macro_f1_std']:.3f}")
    chosen = choose(cv)
    print(f"chosen: {chosen} (the cheapest within one standard error of the best, on paired folds)")
    model = build_pipeline(chosen, groups).fit(records, labels)

    folder = models_root / f"{MODEL_NAME}-{version}"
    folder.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, folder / MODEL_FILE, compress=3)
    digest = file_sha256(folder / MODEL_FILE)
    # For `sha256sum -c` in the image build, beside the manifest the service checks.
    (folder / f"{MODEL_FILE}.sha256").write_text(f"{digest}  {MODEL_FILE}\n", encoding="utf-8")
    manifest = {
        "name": MODEL_NAME,
        "version": version,
        "sha256": digest,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "candidate": chosen,
        "labels": list(LABELS),
        "scikit_learn_version": sklearn.__version__,
        "python_version": platform.python_version(),
        "git_revision": git_revision(),
        "training_data": {
            "path": _repository_path(data_path),
            "sha256": data_sha256(data_path),
            "articles": len(articles),
            "sentences": len(labels),
        },
        "metrics": {"cross_validation": {"folds": folds, "shuffle_seed": cv_seed, "by_candidate": cv}},
    }
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default=dt.date.today().strftime("%Y.%m.%d"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cv-seed", type=int, default=None,
                        help="deal the articles to CV folds in this seeded random order (default: folds balanced by size)")
    parser.add_argument("--skip-evaluation", action="store_true", help="do not write the test report")
    args = parser.parse_args()
    folder = train(args.version, args.folds, cv_seed=args.cv_seed)
    print(f"wrote {folder}")
    if not args.skip_evaluation:
        from training.evaluate import evaluate

        evaluate(folder)


if __name__ == "__main__":
    main()
