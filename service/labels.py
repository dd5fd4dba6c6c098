"""The eight attribution labels and their strengths, as ../shared/ATTRIBUTION_GUIDE.md fixes them."""

from __future__ import annotations

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

# Channels from weakest to strongest (guide rule 2): where a sentence shows several links
# in its chain, the weakest decides.
WEAKEST_FIRST: tuple[str, ...] = ("hedged", "social", "anonymous", "media", "named", "official")
