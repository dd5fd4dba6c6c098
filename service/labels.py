"""The eight attribution labels and their strengths, as ../shared/ATTRIBUTION_GUIDE.md fixes them."""

from __future__ import annotations

import numpy as np

# Order is the guide's table order; it is also the column order of the model's probabilities.
LABELS: tuple[str, ...] = (
    "official",
    "named",
    "media",
    "anonymous",
    "social",
    "hedged",
    "unattributed",
    "other",
)

# Strength of the sourcing each label stands for; `other` is left out of every score.
STRENGTH: dict[str, float | None] = {
    "official": 1.0,
    "named": 0.8,
    "media": 0.6,
    "anonymous": 0.4,
    "social": 0.3,
    "hedged": 0.1,
    "unattributed": 0.5,
    "other": None,
}


def expected_strengths(probabilities, classes: list[str]):
    """Per row of label probabilities (columns in ``classes`` order): the guide's strength
    averaged over the claim labels, each weighted by its probability; NaN where the model
    gives the claim labels no probability at all.

    A calibrated model's 0.55 `official` / 0.40 `named` sentence counts 0.91, not 1.0: the
    score then carries the model's doubt, and ranks articles closer to their annotated
    sourcing than the strengths of the top labels do (docs/credibility.md)."""
    strength = np.array([STRENGTH[label] or 0.0 for label in classes])
    claim = np.array([STRENGTH[label] is not None for label in classes], dtype=float)
    weight = probabilities @ claim
    with np.errstate(invalid="ignore", divide="ignore"):
        return (probabilities @ strength) / weight


# Channels from weakest to strongest (guide rule 2): where a sentence shows several links
# in its chain, the weakest decides.
WEAKEST_FIRST: tuple[str, ...] = ("hedged", "social", "anonymous", "media", "named", "official")
