"""A second stage that reads the first stage's label probabilities of neighbouring sentences.

A sentence whose speaker was set earlier ("Ia menambahkan …", "…,” tambahnya.") reads as
official to a per-sentence model while its neighbours say who speaks. Stage 1 is the
"full" Pipeline; stage 2 is a second calibrated linear model over the same sparse
features plus dense features built from stage 1's probabilities: the sentence's own, those
of sentences i-1, i-2 and i+1 of the same article body, those of the nearest earlier
sentence stage 1 finds sourced, a few own cue flags and their products with the previous
and antecedent sentences' probabilities. Stage 2 is fitted on OUT-OF-FOLD stage-1
probabilities (folds by article), so it learns how far to trust them on unseen articles.
Quotations are pooled after stage 2, as ``QuotationPooledClassifier`` pools.

Article boundaries are read off the records (a headline, or a first body sentence that
does not follow its headline, starts an article), so ``predict_proba`` takes any list of
whole articles' records in order.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.base import clone
from sklearn.model_selection import GroupKFold

from service.quotation_pooling import ProbabilisticClassifier, pool_quotations

SOURCED_LABELS = ("official", "named", "media", "anonymous", "social")
ANTECEDENT_WINDOW = 4


def article_starts(records: list[dict]) -> list[int]:
    """Index of each article's first record in a flat list of whole articles' records."""
    starts = []
    for index, record in enumerate(records):
        features = record["features"]
        if features.get("headline") or (features.get("position:first") and not (
                index > 0 and records[index - 1]["features"].get("headline"))):
            starts.append(index)
    if records and (not starts or starts[0] != 0):
        starts.insert(0, 0)
    return starts


def article_ids(records: list[dict]) -> np.ndarray:
    """An article number per record, for grouped folds."""
    ids = np.zeros(len(records), dtype=np.intp)
    ids[article_starts(records)[1:]] = 1
    return np.cumsum(ids)


def _cue_flags(features: dict) -> tuple[float, float, float, float]:
    """Starts with a pronoun, has a quote tail, sits inside a quotation, has no cue at all."""
    names = "\n" + "\n".join(features)  # one search per kind of name instead of a loop
    return (1.0 if features.get("pronoun_subject") else 0.0, 1.0 if "\ntail:" in names else 0.0,
            1.0 if features.get("quote:inside") else 0.0, 0.0 if "\ncue:" in names else 1.0)


def stack_features(records: list[dict], probabilities: np.ndarray, sourced: np.ndarray) -> np.ndarray:
    """Dense stage-2 features, one row per record (113 columns for 8 labels).

    ``sourced`` are the columns of the sourced labels. The headline sees no neighbours and
    body sentences do not see the headline.
    """
    n, k = probabilities.shape
    starts = article_starts(records)
    body_start = np.empty(n, dtype=np.intp)
    end = np.empty(n, dtype=np.intp)
    is_head = np.zeros(n, dtype=bool)
    for start, stop in zip(starts, starts[1:] + [n]):
        head = 1 if records[start]["features"].get("headline") else 0
        is_head[start] = bool(head)
        body_start[start:stop] = start + head
        end[start:stop] = stop
    index = np.arange(n)
    padded = np.vstack([probabilities, np.zeros((1, k))])  # row n: the zeros of a missing neighbour

    def neighbour(offset):
        j = index + offset
        valid = ~is_head & (j >= body_start) & (j < end)
        return padded[np.where(valid, j, n)], (~valid).astype(float)

    prev1, missing1 = neighbour(-1)
    prev2, missing2 = neighbour(-2)
    next1, missing_next = neighbour(1)
    is_sourced = probabilities[:, sourced].max(axis=1) > 0.5
    antecedent = np.full(n, n)
    for distance in range(ANTECEDENT_WINDOW, 0, -1):  # the nearest wins: written last
        j = index - distance
        hit = ~is_head & (j >= body_start) & is_sourced[np.maximum(j, 0)]
        antecedent[hit] = j[hit]
    ante = padded[antecedent]
    flags = np.array([_cue_flags(record["features"]) for record in records]).reshape(n, 4)
    return np.hstack([
        probabilities, prev1, prev2, next1,
        np.column_stack([missing1, missing2, missing_next, is_head.astype(float)]),
        ante, (antecedent == n).astype(float)[:, None], flags,
        (flags[:, :, None] * prev1[:, None, :]).reshape(n, -1),
        (flags[:, :, None] * ante[:, None, :]).reshape(n, -1),
    ])


class NeighbourStackedClassifier(ProbabilisticClassifier):
    """Stage 1: ``pipeline`` (Pipeline([("features", …), ("classify", CalibratedClassifierCV)])).
    Stage 2: a clone of its ``classify`` step over [stage-1 features, stack features].

    ``folds`` out-of-fold splits by article give stage 2 its training probabilities;
    ``calibration_folds`` are the by-article folds of every calibrated fit."""

    def __init__(self, pipeline, folds: int = 5, calibration_folds: int = 4):
        self.pipeline = pipeline
        self.folds = folds
        self.calibration_folds = calibration_folds

    def _calibration_cv(self, groups):
        return list(GroupKFold(n_splits=self.calibration_folds).split(groups, groups=groups))

    def _fit_stage1(self, records, labels, groups):
        stage1 = clone(self.pipeline)
        stage1.set_params(classify__cv=self._calibration_cv(groups))
        return stage1.fit(records, labels)

    def fit(self, records, labels):
        labels = np.asarray(labels)
        groups = article_ids(records)
        self.stage1_ = self._fit_stage1(records, labels, groups)
        self.classes_ = self.stage1_.classes_
        self.sourced_ = np.array([list(self.classes_).index(label) for label in SOURCED_LABELS
                                  if label in self.classes_])
        out_of_fold = np.zeros((len(records), len(self.classes_)))
        for train, held in GroupKFold(n_splits=self.folds).split(records, labels, groups):
            inner = self._fit_stage1([records[i] for i in train], labels[train], groups[train])
            if list(inner.classes_) != list(self.classes_):
                raise ValueError("a stacking fold lacks a label; use fewer folds")
            out_of_fold[held] = inner.predict_proba([records[i] for i in held])
        self.stage2_ = clone(self.pipeline.named_steps["classify"])
        self.stage2_.set_params(cv=self._calibration_cv(groups))
        self.stage2_.fit(self._stage2_inputs(records, out_of_fold), labels)
        return self

    def _stage2_inputs(self, records, probabilities):
        features = self.stage1_.named_steps["features"].transform(records)
        dense = stack_features(records, probabilities, self.sourced_)
        return sparse.hstack([features, sparse.csr_matrix(dense)]).tocsr()

    def predict_proba(self, records):
        first = self.stage1_.predict_proba(records)
        return pool_quotations(self.stage2_.predict_proba(self._stage2_inputs(records, first)), records)
