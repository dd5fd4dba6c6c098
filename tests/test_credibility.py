"""The credibility formula on hand-made inputs: components, weights, fact-checks."""

from __future__ import annotations

import numpy as np
import pytest

from service.credibility import HEDGED_HEADLINE_FACTOR, WEIGHTS, credibility
from service.labels import STRENGTH, expected_strengths
from service.sources import Mention, merge_sources


def sentence(index: int, label: str, expected_strength: float | None = None) -> dict:
    strength = STRENGTH[label]
    return {"index": index, "label": label, "strength": strength, "confidence": 1.0,
            "expected_strength": strength if expected_strength is None else expected_strength}


def test_sourcing_is_the_mean_expected_strength_of_the_claim_sentences():
    sentences = [sentence(0, "hedged", 0.2), sentence(1, "official", 0.9), sentence(2, "other")]
    result = credibility(None, sentences, [], None, [None, None, None])
    assert result["components"]["sourcing"]["value"] == pytest.approx((0.2 + 0.9) / 2, abs=1e-3)
    assert "headline_support" not in result["components"]


def test_sourcing_counts_the_headline_as_a_claim_sentence_and_leaves_out_a_furniture_headline():
    body = [sentence(0, "official", 0.9)]
    no_support = {"carrying": [], "chain": [], "sentences": []}
    hedged = credibility(sentence(-1, "hedged", 0.2), body, [], no_support, [None])
    furniture = credibility(sentence(-1, "other"), body, [], no_support, [None])
    assert hedged["components"]["sourcing"]["value"] == pytest.approx((0.2 + 0.9) / 2, abs=1e-3)
    assert furniture["components"]["sourcing"]["value"] == pytest.approx(0.9, abs=1e-3)


def test_expected_strength_weighs_the_guides_strengths_by_the_claim_labels_probabilities():
    classes = ["official", "named", "hedged", "other"]
    probabilities = np.array([[0.55, 0.40, 0.0, 0.05], [0.0, 0.0, 0.0, 1.0]])
    expected = expected_strengths(probabilities, classes)
    assert expected[0] == pytest.approx((0.55 * 1.0 + 0.40 * 0.8) / 0.95)
    assert np.isnan(expected[1])  # no claim label has any probability


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


def test_a_headline_carried_by_the_outlets_own_reporting_counts_that_sentences_expected_strength():
    sources = merge_sources([(1, Mention("Polda Metro Jaya", "institution", 30, 46), "official")])
    sentences = [sentence(0, "unattributed", 0.55), sentence(1, "official")]
    carried_unsourced = credibility(sentence(-1, "unattributed"), sentences, sources,
                                    {"carrying": [0], "chain": [], "sentences": [0]}, [None, None])
    carried_by_nothing = credibility(sentence(-1, "unattributed"), sentences, sources,
                                     {"carrying": [], "chain": [], "sentences": []}, [None, None])
    assert carried_unsourced["components"]["headline_support"]["value"] == 0.55
    assert carried_by_nothing["components"]["headline_support"]["value"] == 0.0


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


def test_a_fact_checks_headline_names_the_claim_under_check_and_is_left_out_of_sourcing():
    sentences = [sentence(0, "social"), sentence(1, "official", 0.9)]
    result = credibility(sentence(-1, "social"), sentences, [], None, ["claim", "check"])
    assert result["components"]["sourcing"]["value"] == pytest.approx(0.9, abs=1e-3)


@pytest.mark.parametrize("headline_label", ["other", "official"])
def test_a_body_of_furniture_alone_has_no_score(headline_label):
    result = credibility(sentence(-1, headline_label), [sentence(0, "other")], [], None, [None])
    assert result["score"] is None and result["grade"] is None
