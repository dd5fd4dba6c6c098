"""Give every sentence of a multi-sentence quotation one shared label (guide rule 10).

"“A. B. C,” kata X." makes A, B and C all X's claims, so the model's probabilities for the
sentences of one quotation are pooled (geometric mean, renormalised) before the label is
read off. The block each sentence belongs to comes from ``service.features`` as offsets
relative to the sentence, so pooling works on any list of whole articles' records.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone


def pool_quotations(probabilities: np.ndarray, records: list[dict]) -> np.ndarray:
    """Each quoted sentence's row replaced by its quotation's pooled probabilities."""
    pooled = probabilities.copy()
    for index, record in enumerate(records):
        block = record.get("quote_block")
        if block is not None:
            first, last = index + block[0], index + block[1]
            log_mean = np.log(probabilities[first:last + 1] + 1e-12).mean(axis=0)
            weights = np.exp(log_mean - log_mean.max())
            pooled[index] = weights / weights.sum()
    return pooled


class ProbabilisticClassifier(ClassifierMixin, BaseEstimator):
    """A classifier whose label is the most probable one of its (pooled) ``predict_proba``."""

    def predict(self, records):
        return self.classes_[self.predict_proba(records).argmax(axis=1)]


class QuotationPooledClassifier(ProbabilisticClassifier):
    """Wraps a records-to-probabilities Pipeline and pools probabilities per quotation."""

    def __init__(self, pipeline):
        self.pipeline = pipeline

    def fit(self, records, labels):
        self.pipeline_ = clone(self.pipeline).fit(records, labels)
        self.classes_ = self.pipeline_.classes_
        return self

    def predict_proba(self, records):
        return pool_quotations(self.pipeline_.predict_proba(records), records)
