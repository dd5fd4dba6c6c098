"""The keyword baseline: the guide's decision rules applied to the cue lexicon, no learning.

It is written as an honest rival, not a straw man: it walks the guide's rules in their
order (furniture, the weakest channel first, quote tails inheriting the antecedent, then
official vs named by the official lexicon) over the same cues the model sees. The model
has to beat it by a wide margin to earn its place.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from service.labels import LABELS


def keyword_label(features: dict[str, float]) -> str:
    """Label one sentence from its feature record by the guide's rules, in order."""
    def has(name: str) -> bool:
        return name in features

    own_voice = {name[4:] for name in features if name.startswith("cue:") and "@" not in name}
    any_cue = {name[4:].split("@")[0] for name in features if name.startswith("cue:")}
    if has("furniture") or has("question") or (has("length:1-3") and not any_cue):
        return "other"
    if "hedge" in own_voice and not ({"reporting_verb", "quote_tail"} & any_cue) and not has("agent:oleh"):
        return "hedged"
    if "platform" in any_cue or has("tail:cue:platform") or has("closer:cue:platform"):
        return "social"
    if "anonymity" in any_cue:
        return "anonymous"
    if {"relay", "outlet"} & own_voice and "own_earlier" not in own_voice:
        return "media"
    attributed = {"reporting_verb", "quote_tail"} & any_cue or has("quote:inside")
    if not attributed and (has("pronoun_subject") and any(n.startswith("ante:") for n in features)):
        attributed = True
    if attributed:
        inherits = has("cue:quote_tail") or has("pronoun_subject") or has("quote:inside")
        source = {n.split(":", 2)[2].split("@")[0] for n in features
                  if n.startswith(("ante:cue:", "closer:cue:"))} if inherits else set()
        if "official" in any_cue or "official" in source:
            return "official"
        if "platform" in source:
            return "social"
        if {"relay", "outlet"} & source:
            return "media"
        return "named"
    return "unattributed"


class KeywordBaseline(BaseEstimator, ClassifierMixin):
    """scikit-learn face for ``keyword_label`` so it is cross-validated like the models."""

    def fit(self, records, labels=None):
        self.classes_ = np.array(LABELS)
        return self

    def predict(self, records):
        return np.array([keyword_label(record["features"]) for record in records])

    def predict_proba(self, records):
        """One-hot probabilities: the baseline is certain of every answer it gives."""
        index = {label: i for i, label in enumerate(self.classes_)}
        probabilities = np.zeros((len(records), len(self.classes_)))
        for row, label in enumerate(self.predict(records)):
            probabilities[row, index[label]] = 1.0
        return probabilities
