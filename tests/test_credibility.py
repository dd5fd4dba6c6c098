"""The first credibility aggregate, on hand-made label lists."""

from __future__ import annotations

from service.credibility import credibility
from service.labels import STRENGTH
from tests.conftest import SEED_BODY_LABELS, SEED_HEADLINE_LABEL


def labelled(label: str, confidence: float = 1.0) -> dict:
    return {"label": label, "strength": STRENGTH[label], "confidence": confidence}


def test_seed_with_guide_labels_scores_58():
    result = credibility(labelled(SEED_HEADLINE_LABEL), [labelled(label) for label in SEED_BODY_LABELS])
    assert result["score"] == 58 and result["grade"] == "C"
    assert result["claim_sentences"] == 18


def test_official_article_outscores_the_seed():
    official = credibility(labelled("official"), [labelled("official")] * 8 + [labelled("unattributed")] * 4)
    seed = credibility(labelled(SEED_HEADLINE_LABEL), [labelled(label) for label in SEED_BODY_LABELS])
    assert official["score"] > seed["score"] + 20 and official["grade"] == "A"


def test_confidence_weights_the_mean():
    sure_hedge = credibility(None, [labelled("hedged", 0.9), labelled("official", 0.3)])
    unsure_hedge = credibility(None, [labelled("hedged", 0.3), labelled("official", 0.9)])
    assert sure_hedge["score"] < unsure_hedge["score"]


def test_only_furniture_has_no_score():
    result = credibility(labelled("other"), [labelled("other"), labelled("other")])
    assert result["score"] is None and result["grade"] is None and result["claim_sentences"] == 0
