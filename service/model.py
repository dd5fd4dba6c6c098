"""Load a trained attribution model safely and label an article's sentences with it.

A model folder (``models/<name>-<version>/``) holds ``model.joblib`` and the
``manifest.json`` training wrote beside it. A joblib file is a pickle, and loading one
runs code, so the file's sha256 is checked against the manifest before it is opened, and
a scikit-learn version mismatch is an error rather than a warning.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import hashlib
import json
import warnings
from dataclasses import dataclass
from pathlib import Path

import joblib
from sklearn.exceptions import InconsistentVersionWarning

from service.features import ArticleReading, article_records
from service.labels import LABELS, expected_strengths
from service.linear_scorer import LinearScorer, UnsupportedModel

MODEL_FILE = "model.joblib"
MANIFEST_FILE = "manifest.json"


class ModelLoadError(RuntimeError):
    """The model folder cannot be used; the message says what to do."""


@dataclass(frozen=True)
class Prediction:
    """The model's label for one sentence, its probability, and the guide's strength
    expected under all the label probabilities (``labels.expected_strengths``)."""

    label: str
    confidence: float
    expected_strength: float


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _return_freed_memory() -> None:
    """Hand the heap the unpickled estimator occupied back to the operating system.

    The scorer keeps a fraction of what the pickle held; glibc keeps the rest of its heap
    mapped, and every gunicorn worker forked from the preloading master counts those pages
    as resident (8 MB of 153 here). ``malloc_trim`` is glibc's; elsewhere this does nothing.
    """
    gc.collect()
    libc = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(libc), "malloc_trim", None) if libc else None
    if trim is not None:
        trim(0)


class AttributionModel:
    """A fitted scikit-learn Pipeline from sentence records to label probabilities, run
    through its ``LinearScorer`` (the same numbers, a fraction of the time). The estimator
    itself is not kept: the scorer holds all it needs, and a second copy of the
    coefficients would cost every worker several MB."""

    def __init__(self, pipeline, manifest: dict):
        self.manifest = manifest
        classes = list(pipeline.classes_)
        unknown = set(classes) - set(LABELS)
        if unknown:
            raise ModelLoadError(f"model predicts labels the guide does not have: {sorted(unknown)}")
        self.classes = classes
        try:
            self.scorer = LinearScorer(pipeline)
        except UnsupportedModel as error:
            raise ModelLoadError(f"the service cannot run this model: {error}; retrain with training.pipeline") from None

    def predict_proba(self, records: list[dict]):
        """Label probabilities for an article's records, columns in ``classes`` order."""
        return self.scorer.predict_proba(records)

    @property
    def identity(self) -> dict:
        """Name, version and sha256 of the model, as every response reports them."""
        return {key: self.manifest.get(key) for key in ("name", "version", "sha256")}

    @classmethod
    def load(cls, model_dir: str | Path) -> "AttributionModel":
        """Verify and load a model folder; raise ModelLoadError with a fix on any problem."""
        folder = Path(model_dir)
        manifest_path, model_path = folder / MANIFEST_FILE, folder / MODEL_FILE
        if not manifest_path.is_file() or not model_path.is_file():
            raise ModelLoadError(
                f"no model at {folder} (need {MANIFEST_FILE} and {MODEL_FILE}); "
                "set MODEL_DIR to a folder under models/ or run `python -m training.train`"
            )
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ModelLoadError(f"unreadable {manifest_path}: {error}; retrain or restore it") from error
        expected = manifest.get("sha256")
        actual = file_sha256(model_path)
        if actual != expected:
            raise ModelLoadError(
                f"{model_path} has sha256 {actual} but its manifest says {expected}: "
                "the file is corrupt or was swapped; restore it from the repository or retrain"
            )
        with warnings.catch_warnings():
            warnings.simplefilter("error", InconsistentVersionWarning)
            try:
                pipeline = joblib.load(model_path)
            except InconsistentVersionWarning as warning:
                raise ModelLoadError(
                    f"{model_path} was saved with scikit-learn {warning.original_sklearn_version}; "
                    "install the version pinned in requirements.txt or retrain"
                ) from None
        model = cls(pipeline, manifest)
        del pipeline
        _return_freed_memory()
        return model

    def predict_article(self, article: ArticleReading, headline: str | None = None) -> list[Prediction]:
        """Label every sentence in its article (the headline first, when given)."""
        records = article_records(article, headline)
        if not records:
            return []
        probabilities = self.predict_proba(records)
        best = probabilities.argmax(axis=1)
        expected = expected_strengths(probabilities, self.classes).tolist()
        return [
            Prediction(self.classes[index], float(row[index]), strength)
            for index, row, strength in zip(best, probabilities, expected)
        ]
