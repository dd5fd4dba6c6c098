"""The fitted model's arithmetic, without scikit-learn's per-call overhead.

Every candidate the service can run is linear over sparse features: one or more
(selector, vectorizer) blocks — word or character TF-IDF over ``texts_of``, a
DictVectorizer over ``cue_features_of`` — then a linear classifier, optionally
temperature-calibrated, then quotation pooling. On a 30-sentence article scikit-learn
spends most of its time checking inputs, building sparse matrices and dispatching
through FeatureUnion; the sums themselves are small. ``LinearScorer`` reads the fitted
vocabularies, IDF weights, coefficients and temperature once, at load, and computes the
same probabilities directly.

It is not a second model: the words are the fitted vectorizer's (its token pattern, lower-
cased, unigrams and bigrams, or the terms its analyzer function returns, looked up in its
vocabulary; any other analyzer is refused),
the fitted calibrator's temperature turns margins into probabilities, and
``tests/test_linear_scorer.py`` checks that its probabilities equal the Pipeline's on
hundreds of corpus articles. Training and
evaluation keep using the Pipeline; ``training.evaluate`` scores the test split through
this class, so the reported figures are the served ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import repeat

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.svm import LinearSVC

from service.memo import memoise_short
from service.neighbour_stacking import NeighbourStackedClassifier, stack_features
from service.quotation_pooling import QuotationPooledClassifier, pool_quotations


class UnsupportedModel(ValueError):
    """The fitted estimator is not of a shape ``LinearScorer`` can run."""


class _TfidfBlock:
    """Sublinear/raw term counts × IDF, L2-normalised, as a fitted TfidfVectorizer computes.

    The words are found as the vectorizer's word analyzer finds them (its token pattern over
    the lower-cased text, then each pair of neighbours as "w1 w2"), but a pair is never
    joined into a string: both its words are vocabulary unigrams (a pair is in at least as
    few documents as either word, and min_df is the vocabulary's only cut), so a pair is the
    number ``column(w1) * width + column(w2)``, looked up in one sorted array for the whole
    article. As a dict of word tuples the 64k pairs cost every worker ~8 MB; as two arrays,
    under 1 MB. A vectorizer whose analyzer is a function (``features.word_affixes``) has its
    terms from that function, each looked up whole.
    """

    def __init__(self, vectorizer: TfidfVectorizer):
        if vectorizer.binary or vectorizer.norm not in ("l2", None):
            raise UnsupportedModel("TF-IDF with binary counts or an l1 norm")
        vocabulary = vectorizer.vocabulary_
        self.columns_of_word = None
        if callable(vectorizer.analyzer):
            # scikit-learn hands such an analyzer the text as it is, and counts what it returns.
            analyzer = vectorizer.analyzer
            self.words_key = analyzer
            self.unigrams, self.pairs = vocabulary, None
            if hasattr(analyzer, "words") and hasattr(analyzer, "of_word"):
                # Terms made word by word (features.WordAffixes): each word's columns are
                # looked up once, as news vocabulary repeats.
                self.words = analyzer.words
                self.columns_of_word = _columns_of_word(analyzer.of_word, vocabulary)
            else:
                self.words = analyzer
        elif (vectorizer.analyzer != "word" or not vectorizer.lowercase or vectorizer.strip_accents
                or vectorizer.preprocessor or vectorizer.tokenizer or vectorizer.stop_words
                or vectorizer.ngram_range not in ((1, 1), (1, 2))):
            raise UnsupportedModel("TF-IDF other than lower-cased word unigrams or unigrams and bigrams")
        else:
            self.words_key = vectorizer.token_pattern
            findall = re.compile(self.words_key).findall
            self.words = lambda text: findall(text.lower())
            self.unigrams = {term: column for term, column in vocabulary.items() if " " not in term}
            self.pairs, self.pair_columns = _pair_index(vocabulary, self.unigrams)
        self.idf = vectorizer.idf_.astype(np.float64) if vectorizer.use_idf else None
        self.sublinear = vectorizer.sublinear_tf
        self.normalise = vectorizer.norm == "l2"
        self.width = len(vocabulary)

    def entries(self, texts: list[str], tokens: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row, column, value) of every non-zero feature, rows in order.

        ``tokens`` holds the words already found in one article's strings, per token pattern
        (or analyzer): a context is most often a whole earlier sentence, found once for both
        word blocks.
        """
        # Each known term as one key, row * width + column; counting the sorted keys gives
        # the term counts and leaves the rows in order.
        found = tokens.setdefault(self.words_key, {})
        words_of = []
        for text in texts:
            words = found.get(text)
            if words is None:
                words = found[text] = self.words(text)
            words_of.append(words)
        keys = self._affix_keys(words_of) if self.columns_of_word is not None else self._word_keys(words_of)
        keys, counts = np.unique(keys, return_counts=True)
        width = self.width
        rows, columns = np.divmod(keys, width)
        values = counts.astype(np.float64)
        if self.sublinear:
            values = 1.0 + np.log(values)
        if self.idf is not None:
            values *= self.idf[columns]
        if self.normalise:
            lengths = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(texts)))
            values /= lengths[rows]
        return rows, columns, values

    def _affix_keys(self, words_of: list[list[str]]) -> np.ndarray:
        """Keys of the terms the analyzer makes of each row's words, looked up word by word."""
        columns_of, width = self.columns_of_word, self.width
        keys = []
        for row, words in enumerate(words_of):
            base = row * width
            keys += [base + column for word in words for column in columns_of(word)]
        return np.asarray(keys, dtype=np.int64)

    def _word_keys(self, words_of: list[list[str]]) -> np.ndarray:
        """Keys of the rows' known words and, for a vocabulary with pairs, known neighbours."""
        unigram, width = self.unigrams.get, self.width
        columns = []
        for words in words_of:
            columns += map(unigram, words, repeat(-1))
        columns = np.asarray(columns, dtype=np.int64)
        rows = np.repeat(np.arange(len(words_of)), [len(words) for words in words_of])
        known = columns >= 0
        keys = rows[known] * width + columns[known]
        if self.pairs is None or len(columns) < 2:
            return keys
        first, second = columns[:-1], columns[1:]
        both = (first >= 0) & (second >= 0) & (rows[:-1] == rows[1:])
        pairs = first[both] * width + second[both]
        at = np.searchsorted(self.pairs, pairs)
        at[at == len(self.pairs)] = 0
        term = self.pairs[at] == pairs
        return np.concatenate([keys, rows[:-1][both][term] * width + self.pair_columns[at[term]]])


def _pair_index(vocabulary: dict, unigrams: dict) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The vocabulary's word pairs as sorted numbers column(w1) * width + column(w2), and
    their columns; (None, None) for a unigram vocabulary."""
    width = len(vocabulary)
    pairs, columns = [], []
    for term, column in vocabulary.items():
        if " " in term:
            first, second = term.split(" ")
            if first not in unigrams or second not in unigrams:
                raise UnsupportedModel("word pairs whose words are not vocabulary terms (max_df or max_features)")
            pairs.append(unigrams[first] * width + unigrams[second])
            columns.append(column)
    if not pairs:
        return None, None
    order = np.argsort(pairs)
    return np.asarray(pairs, dtype=np.int64)[order], np.asarray(columns, dtype=np.int64)[order]


def _columns_of_word(of_word: Callable, vocabulary: dict) -> Callable:
    """A word's known terms' columns, memoised for words of ordinary length."""

    @memoise_short(max_chars=40, entries=65536)
    def columns_of(word: str) -> tuple[int, ...]:
        return tuple(column for column in map(vocabulary.get, of_word(word)) if column is not None)

    return columns_of


class _DictBlock:
    """Named features looked up in a fitted DictVectorizer's vocabulary."""

    def __init__(self, vectorizer: DictVectorizer):
        self.vocabulary = vectorizer.vocabulary_
        self.separator = vectorizer.separator
        self.width = len(self.vocabulary)

    def entries(self, items: list[dict], tokens: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row, column, value) of every non-zero feature, rows in order; ``tokens`` is unused."""
        rows, columns, values = [], [], []
        column_of, separator = self.vocabulary.get, self.separator
        for row, features in enumerate(items):
            for name, value in features.items():
                if isinstance(value, str):
                    name, value = f"{name}{separator}{value}", 1.0
                column = column_of(name)
                if column is not None and value:
                    rows.append(row)
                    columns.append(column)
                    values.append(value)
        return (np.asarray(rows, dtype=np.intp), np.asarray(columns, dtype=np.intp),
                np.asarray(values, dtype=np.float64))


_BLOCKS = {TfidfVectorizer: _TfidfBlock, DictVectorizer: _DictBlock}


class LinearScorer:
    """Label probabilities for an article's records, equal to the fitted estimator's."""

    def __init__(self, estimator):
        self.stacked = isinstance(estimator, NeighbourStackedClassifier)
        self.pooled = isinstance(estimator, QuotationPooledClassifier) or self.stacked
        pipeline = estimator.stage1_ if self.stacked else estimator.pipeline_ if self.pooled else estimator
        if not isinstance(pipeline, Pipeline) or [name for name, _ in pipeline.steps] != ["features", "classify"]:
            raise UnsupportedModel("expected Pipeline([('features', …), ('classify', …)])")
        self.blocks = _feature_blocks(pipeline.named_steps["features"])
        classifier, self.calibrate = _linear_classifier(pipeline.named_steps["classify"])
        self.classes_ = pipeline.classes_
        width = sum(block.width for _, block in self.blocks)
        if classifier.coef_.shape != (len(self.classes_), width):
            raise UnsupportedModel("coefficients do not match the classes and features")
        self.intercept = np.asarray(classifier.intercept_, dtype=np.float64)
        # Each block's columns start where the previous block's end, as in the union.
        self.offsets = np.cumsum([0] + [block.width for _, block in self.blocks[:-1]]).tolist()
        # One (features × classes) weight matrix over every block, in single precision: half
        # the memory of every worker, and probabilities within 1e-6 of the estimator's.
        self.weights = np.ascontiguousarray(classifier.coef_.T, dtype=np.float32)
        if self.stacked:
            # Stage 2 reads the same sparse features, then the stack features: its sparse
            # columns sit beside stage 1's, so every feature is looked up once.
            second, self.calibrate2 = _linear_classifier(estimator.stage2_)
            if list(estimator.stage2_.classes_) != list(self.classes_) or second.coef_.shape[1] <= width:
                raise UnsupportedModel("stage 2 does not match stage 1")
            self.weights = np.ascontiguousarray(np.hstack([self.weights, second.coef_[:, :width].T]), dtype=np.float32)
            self.intercept = np.r_[self.intercept, np.asarray(second.intercept_, dtype=np.float64)]
            self.dense_weights = np.ascontiguousarray(second.coef_[:, width:].T, dtype=np.float64)
            self.sourced = estimator.sourced_

    def predict_proba(self, records: list[dict]) -> np.ndarray:
        """Probabilities per record, columns in ``classes_`` order, quotations pooled."""
        margins = np.tile(self.intercept, (len(records), 1))
        tokens: dict = {}
        found = [block.entries(select(records), tokens) for select, block in self.blocks]
        rows = np.concatenate([rows for rows, _, _ in found])
        if len(rows):
            columns = np.concatenate([columns + offset for (_, columns, _), offset in zip(found, self.offsets)])
            values = np.concatenate([values for _, _, values in found])
            # Rows in order (each block's are), then each row's weighted coefficient rows summed in one pass.
            order = np.argsort(rows, kind="stable")
            rows, columns, values = rows[order], columns[order], values[order]
            starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
            margins[rows[starts]] += np.add.reduceat(np.take(self.weights, columns, axis=0) * values[:, None], starts,
                                                     axis=0)
        if self.stacked:
            classes = len(self.classes_)
            first = self.calibrate(margins[:, :classes])
            second = margins[:, classes:] + stack_features(records, first, self.sourced) @ self.dense_weights
            probabilities = self.calibrate2(second)
        else:
            probabilities = self.calibrate(margins)
        return pool_quotations(probabilities, records) if self.pooled else probabilities


def _feature_blocks(features) -> list[tuple[Callable, object]]:
    """(selector, block) pairs in the column order of the features step."""
    if isinstance(features, FeatureUnion):
        if features.transformer_weights:
            raise UnsupportedModel("weighted FeatureUnion")
        return [_feature_block(part) for _, part in features.transformer_list]
    return [_feature_block(features)]


def _feature_block(part) -> tuple[Callable, object]:
    if not isinstance(part, Pipeline) or len(part.steps) != 2:
        raise UnsupportedModel("each feature block must be Pipeline([select, vectorize])")
    (_, select), (_, vectorizer) = part.steps
    block_class = _BLOCKS.get(type(vectorizer))
    if not isinstance(select, FunctionTransformer) or block_class is None:
        raise UnsupportedModel(f"unsupported feature block {part}")
    return select.func, block_class(vectorizer)


def _linear_classifier(classify):
    """The linear model and the function that turns its margins into probabilities."""
    if isinstance(classify, CalibratedClassifierCV):
        if classify.method != "temperature" or len(classify.calibrated_classifiers_) != 1:
            raise UnsupportedModel("calibration other than one temperature-scaled classifier")
        calibrated = classify.calibrated_classifiers_[0]
        classifier = calibrated.estimator
        # The inner classifier is fitted on label-encoded targets 0..n-1, in classes_ order.
        if list(calibrated.classes) != list(classify.classes_) or list(classifier.classes_) != list(
                range(len(classify.classes_))):
            raise UnsupportedModel("calibrated classes out of order")
        beta = float(calibrated.calibrators[0].beta_)

        def calibrate(margins):
            return _softmax(beta * margins)
    elif isinstance(classify, LogisticRegression):
        classifier, calibrate = classify, _softmax
    else:
        raise UnsupportedModel(f"unsupported classifier {type(classify).__name__}")
    if not isinstance(classifier, (LinearSVC, LogisticRegression)):
        raise UnsupportedModel(f"unsupported classifier {type(classifier).__name__}")
    return classifier, calibrate


def _softmax(margins: np.ndarray) -> np.ndarray:
    exponentials = np.exp(margins - margins.max(axis=1, keepdims=True))
    return exponentials / exponentials.sum(axis=1, keepdims=True)
