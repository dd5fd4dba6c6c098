"""training.train's cross-validation on real annotated articles, with the cheap keyword rival."""

from __future__ import annotations

import pytest

from training.dataset import examples, load_articles
from training.train import cross_validate


@pytest.fixture(scope="module")
def some_training_articles():
    records, labels, groups = examples([a for a in load_articles() if a.split == "train"][:60])
    return records, labels, groups


def test_reshuffled_folds_are_another_split_and_repeatable(some_training_articles):
    default = cross_validate("keyword_baseline", *some_training_articles, folds=3)
    reshuffled = cross_validate("keyword_baseline", *some_training_articles, folds=3, cv_seed=1)
    again = cross_validate("keyword_baseline", *some_training_articles, folds=3, cv_seed=1)
    assert len(default["folds"]) == len(reshuffled["folds"]) == 3
    assert reshuffled == again
    assert reshuffled["folds"] != default["folds"]
