"""The credibility formula on hand-made inputs: components, weights, fact-checks."""

from __future__ import annotations

import pytest

from service.credibility import HEDGED_HEADLINE_FACTOR, WEIGHTS, credibility
from service.labels import STRENGTH
from service.sources import Mention, merge_sources


def sentence(index: int, label: str, confidence: float = 1.0) -> dict:
    return {"index": index, "label": label, "strength": STRENGTH[label], "confidence": confidence}


def test_sourcing_is_the_confidence_weighted_mean_strength():
    sentences = [sentence(0, "hedged", 0.9), sentence(1, "official", 0.3)]
    result = credibility(None, sentences, [], None, [None, None])
    expected = (0.9 * 0.1 + 0.3 * 1.0) / 1.2
    assert result["components"]["sourcing"]["value"] == pytest.approx(expected, abs=1e-3)
    assert "headline_support" not in result["components"]


def test_points_follow_the_weights():
    sources = merge_sources([(0, Mention("Polda Metro Jaya", "institution", 0, 16), "official")])
    sentences = [sentence(0, "official"), sentence(1, "unattributed")]
    support = {"carrying": [0], "chain": [], "sentences": [0]}
    result = credibility(sentence(-1, "official"), sentences, sources, support, [None, None])
    components = result["components"]
    assert components["headline_support"]["value"] == 1.0
    total = sum(WEIGHTS.values())
    for name, component in components.items():
        assert component["points"] == pytest.approx(100 * WEIGHTS[name] * component["value"] / total, abs=0.05)
    assert result["score"] == round(sum(c["points"] for c in components.values()))


def test_a_hedged_headline_discounts_its_support():
    sources = merge_sources([(0, Mention("Polda Metro Jaya", "institution", 0, 16), "official")])
    support = {"carrying": [0], "chain": [], "sentences": [0]}
    hedged = credibility(sentence(-1, "hedged"), [sentence(0, "official")], sources, support, [None])
    assert hedged["components"]["headline_support"]["value"] == HEDGED_HEADLINE_FACTOR


def test_a_fact_check_is_not_scored_on_the_hoax_it_quotes():
    sentences = [sentence(0, "social"), sentence(1, "social"), sentence(2, "official"), sentence(3, "unattributed")]
    sources = merge_sources([(2, Mention("Kementerian Kesehatan", "institution", 0, 21), "official")])
    as_news = credibility(None, sentences, sources, None, [None] * 4)
    as_fact_check = credibility(None, sentences, sources, None, ["claim", "claim", "check", "conclusion"])
    assert as_fact_check["score"] > as_news["score"] + 15
    assert as_fact_check["components"]["headline_support"]["value"] == 1.0


def test_only_furniture_has_no_score():
    result = credibility(sentence(-1, "other"), [sentence(0, "other")], [], None, [None])
    assert result["score"] is None and result["grade"] is None
