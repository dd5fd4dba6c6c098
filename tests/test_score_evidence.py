"""training.score_evidence on real annotated test articles, scored by the committed model."""

from __future__ import annotations

import pytest

from service.credibility import WEIGHTS
from training.dataset import load_articles
from training.score_evidence import Evidence, component_values, correlation, interval


@pytest.fixture(scope="module")
def test_rows(real_model):
    return component_values(real_model, [a for a in load_articles() if a.split == "test"][:80])


def test_the_score_orders_real_articles_by_their_annotated_strength(test_rows):
    assert len(test_rows) >= 75
    assert correlation(test_rows, WEIGHTS) > 0.6
    assert all(0.0 <= row.truth <= 1.0 for row in test_rows)


def test_the_bootstrap_interval_holds_the_figure_and_is_repeatable(test_rows):
    low, high = interval(test_rows, WEIGHTS)
    assert low < correlation(test_rows, WEIGHTS) < high
    assert high - low < 0.5
    assert interval(test_rows, WEIGHTS) == (low, high)


def test_a_perfect_ordering_has_no_spread():
    rows = [Evidence(truth=i / 10, counted_truth=None, components={"sourcing": i / 10}) for i in range(11)]
    assert correlation(rows, WEIGHTS) == pytest.approx(1.0)
    assert interval(rows, WEIGHTS) == pytest.approx((1.0, 1.0))
