"""training.score_evidence on real annotated test articles, scored by the committed model."""

from __future__ import annotations

import pytest

from service.credibility import WEIGHTS
from training.dataset import load_articles
from training.score_evidence import Evidence, component_values, correlation, interval


@pytest.fixture(scope="module")
def scored_test_articles(real_model):
    return component_values(real_model, [a for a in load_articles() if a.split == "test"][:80])


def test_the_score_orders_real_articles_by_their_annotated_strength(scored_test_articles):
    assert len(scored_test_articles) >= 75
    assert correlation(scored_test_articles, WEIGHTS) > 0.6
    assert all(0.0 <= row.truth <= 1.0 for row in scored_test_articles)


def test_the_bootstrap_interval_holds_the_figure_and_is_repeatable(scored_test_articles):
    low, high = interval(scored_test_articles, WEIGHTS)
    assert low < correlation(scored_test_articles, WEIGHTS) < high
    assert high - low < 0.5
    assert interval(scored_test_articles, WEIGHTS) == (low, high)


def test_a_perfect_ordering_has_no_spread():
    rows = [Evidence(truth=i / 10, counted_truth=None, components={"sourcing": i / 10}) for i in range(11)]
    assert correlation(rows, WEIGHTS) == pytest.approx(1.0)
    assert interval(rows, WEIGHTS) == pytest.approx((1.0, 1.0))
