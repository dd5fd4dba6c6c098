"""The served arithmetic equals the fitted Pipeline's, model by model."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.tree import DecisionTreeClassifier

from service.features import article_records, cue_features_of, read_article, texts_of
from service.linear_scorer import LinearScorer, UnsupportedModel
from service.model import AttributionModel, ModelLoadError
from service.segmentation import segment_sentences


def corpus_records(articles) -> list[dict]:
    records = []
    for article in articles:
        sentences = [span.text for span in segment_sentences(article["text"])]
        records += article_records(read_article(sentences), article.get("title") or None)
    return records


@pytest.mark.parametrize("which", ["real", "tiny"])
def test_probabilities_equal_the_pipelines_on_corpus_articles(request, corpus_articles, which):
    model = request.getfixturevalue(f"{which}_model")
    records = corpus_records(corpus_articles)
    served = model.predict_proba(records)
    fitted = request.getfixturevalue(f"{which}_estimator").predict_proba(records)
    assert served.shape == fitted.shape == (len(records), len(model.classes))
    np.testing.assert_allclose(served, fitted, rtol=0, atol=1e-5)
    # Labels may differ only where two labels tie to within float32 rounding.
    differ = served.argmax(axis=1) != fitted.argmax(axis=1)
    top_two = np.sort(fitted, axis=1)[:, -2:]
    assert np.all(top_two[differ, 1] - top_two[differ, 0] < 1e-5)


def test_an_article_without_any_known_feature_gets_the_intercepts_probabilities(real_model, real_estimator):
    records = article_records(read_article(["zzzqqq xxyyzz"]))
    np.testing.assert_allclose(real_model.predict_proba(records), real_estimator.predict_proba(records),
                               atol=1e-6)


def test_a_model_the_scorer_cannot_run_is_refused_at_load():
    pipeline = Pipeline([
        ("features", Pipeline([("select", FunctionTransformer(cue_features_of)), ("vectorize", DictVectorizer())])),
        ("classify", DecisionTreeClassifier(random_state=0)),
    ]).fit(article_records(read_article(["Kata dia.", "Ini fakta."])), ["named", "unattributed"])
    with pytest.raises(UnsupportedModel, match="DecisionTreeClassifier"):
        LinearScorer(pipeline)
    with pytest.raises(ModelLoadError, match="cannot run this model"):
        AttributionModel(pipeline, {"name": "odd", "version": "0"})


def test_character_n_grams_are_refused_at_load():
    # full_char is cross-validated, not served (training/train.py SERVABLE).
    pipeline = Pipeline([
        ("features", Pipeline([("select", FunctionTransformer(texts_of)),
                               ("tfidf", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)))])),
        ("classify", LogisticRegression()),
    ]).fit(article_records(read_article(["Kata dia.", "Ini fakta."])), ["named", "unattributed"])
    with pytest.raises(UnsupportedModel, match="word unigrams"):
        LinearScorer(pipeline)


def test_word_pairs_outside_the_unigram_vocabulary_are_refused_at_load():
    # max_df drops "dia", in every document, and keeps the pair "kata dia", in one.
    texts = ["kata dia", "dia saja", "dia lagi"]
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), max_df=0.9, token_pattern=r"(?u)\b\w+\b")
    pipeline = Pipeline([
        ("features", Pipeline([("select", FunctionTransformer(texts_of)), ("tfidf", vectorizer)])),
        ("classify", LogisticRegression()),
    ]).fit([{"text": text} for text in texts], ["named", "unattributed", "unattributed"])
    assert "kata dia" in vectorizer.vocabulary_ and "dia" not in vectorizer.vocabulary_
    with pytest.raises(UnsupportedModel, match="word pairs"):
        LinearScorer(pipeline)


def test_stacked_candidate_scores_as_fitted(corpus_articles):
    """The neighbour-stacked candidate: stage 1, stack features and stage 2 served as fitted."""
    import io

    import joblib

    from training.dataset import examples, load_articles
    from training.pipeline import build_pipeline

    records, labels, groups = examples([a for a in load_articles() if a.split == "train"][:120])
    model = build_pipeline("full_stacked", groups).fit(records, labels)
    stream = io.BytesIO()
    joblib.dump(model, stream)
    stream.seek(0)
    scorer = LinearScorer(joblib.load(stream))
    corpus = corpus_records(corpus_articles[:100])
    np.testing.assert_allclose(scorer.predict_proba(corpus), model.predict_proba(corpus), rtol=0, atol=1e-6)
    # One article at a time gives the same rows as the articles side by side.
    one = corpus_records(corpus_articles[:1])
    np.testing.assert_allclose(scorer.predict_proba(one), scorer.predict_proba(corpus)[:len(one)], atol=1e-12)
