"""The credibility report: sources, cues, what the headline rests on, flags and the score."""

from __future__ import annotations

import gzip
import json

import pytest

from service.report import build_report
from service.headline_support import word_stems
from service.sources import SOURCE_TYPES, Mention, Source, _from_menurut, _name_words, find_mention, merge_sources
from service.cues import find_cues
from tests.conftest import SHARED

# Real corpus articles whose sourcing differs plainly (ids from ../shared/corpus).
OFFICIAL_ARTICLE = "detik1000_gabriellaclairine-00027"  # Korlantas chief on vehicle registration
RUMOUR_ARTICLE = "gikirima_indonews2025-01903"  # transfer rumour: "Rumor", "dikabarkan"
FACT_CHECK = "turnbackhoax2018_caldev-01077"  # debunks a hoax about the election commission
HOAX_ARTICLE = "hoax_pratiwi2017-00110"  # hoax-site article built on hearsay


@pytest.fixture(scope="module")
def seed_report(real_model, seed):
    return build_report(real_model, seed["text"], seed["title"])


@pytest.fixture(scope="module")
def corpus_by_id():
    with gzip.open(SHARED / "corpus" / "articles.jsonl.gz", "rt", encoding="utf-8") as lines:
        wanted = {OFFICIAL_ARTICLE, RUMOUR_ARTICLE, FACT_CHECK, HOAX_ARTICLE}
        return {a["id"]: a for a in map(json.loads, lines) if a["id"] in wanted}


def test_seed_flags(seed_report):
    codes = {flag["code"] for flag in seed_report["summary"]["flags"]}
    assert {"headline_hedged", "single_social_source", "relayed_report"} <= codes
    for flag in seed_report["summary"]["flags"]:
        assert flag["message"]["id"] and flag["message"]["en"]
        assert all(0 <= i < len(seed_report["sentences"]) for i in flag["sentences"])


@pytest.mark.parametrize("name,kind", [
    ("Sarah Hurst", "person"),
    ("Mirror", "outlet"),
    ("Kementerian Luar Negeri Korea Utara", "institution"),
    ("Kim Song", "official"),
])
def test_seed_sources_with_exact_spans(seed_report, seed, name, kind):
    source = next(s for s in seed_report["sources"] if s["name"] == name)
    assert source["type"] == kind
    for mention in source["mentions"]:
        assert seed["text"][mention["start"]:mention["end"]] == mention["text"]
    first = seed["text"].index(name)
    assert any(m["start"] == first and m["end"] == first + len(name) for m in source["mentions"])


def test_seed_hurst_mentions_merge_and_the_tweet_is_her_weakest_channel(seed_report):
    hurst = next(s for s in seed_report["sources"] if s["name"] == "Sarah Hurst")
    assert {m["text"] for m in hurst["mentions"]} == {"Sarah Hurst", "Hurst"}
    assert hurst["channel"] == "social"
    tail = seed_report["sentences"][12]  # “Korea Utara merespon…,” tambahnya.
    assert tail["source"]["name"] == "Hurst" and tail["source"]["resolved"] is True


def test_seed_headline_rests_on_the_tweet_and_the_tabloid(seed_report):
    support = seed_report["headline_support"]
    assert support["headline_label"] == "hedged" and support["weakest"] == "hedged"
    named = {name for link in support["chain"] for name in link["sources"]}
    assert {"Sarah Hurst", "Mirror"} <= named
    assert "Kim Song" not in named and "Kementerian Luar Negeri Korea Utara" not in named
    assert {14, 16} <= set(support["unrelated_official_sentences"])
    assert "official statements in the article concern other claims" in support["explanation"]


def test_score_components_add_up(seed_report):
    credibility = seed_report["credibility"]
    assert credibility["score"] == round(sum(c["points"] for c in credibility["components"].values()))
    assert set(credibility["components"]) == {"sourcing", "headline_support", "diversity", "concentration"}


def test_scores_order_real_articles(real_model, seed, corpus_by_id):
    def score(article_id=None):
        if article_id is None:
            return build_report(real_model, seed["text"], seed["title"])["credibility"]["score"]
        article = corpus_by_id[article_id]
        return build_report(real_model, article["text"], article.get("title"))["credibility"]["score"]

    assert score(OFFICIAL_ARTICLE) >= score() + 10
    assert score() > score(RUMOUR_ARTICLE)
    fact_check = build_report(real_model, corpus_by_id[FACT_CHECK]["text"], corpus_by_id[FACT_CHECK]["title"])
    assert fact_check["summary"]["fact_check"] is True
    assert fact_check["credibility"]["score"] >= score(HOAX_ARTICLE) + 20


def test_source_and_cue_offsets_exact_on_corpus_articles(real_model, corpus_articles):
    for article in corpus_articles[:300]:
        text = article["text"]
        report = build_report(real_model, text, article.get("title"))
        for sentence in report["sentences"]:
            for cue in sentence["cues"]:
                assert text[cue["start"]:cue["end"]] == cue["text"]
                assert sentence["start"] <= cue["start"] < cue["end"] <= sentence["end"]
            if sentence["source"] is not None:
                source = sentence["source"]
                assert text[source["start"]:source["end"]] == source["name"]
                assert source["type"] in SOURCE_TYPES
        for source in report["sources"]:
            for mention in source["mentions"]:
                assert text[mention["start"]:mention["end"]] == mention["text"]


@pytest.mark.parametrize("sentence,name,kind", [
    ("“Kami sudah siap,” kata Kapolres Cirebon AKBP Eko Iskandar.", "Kapolres Cirebon AKBP Eko Iskandar", "official"),
    ("Menurut pengamat politik Universitas Indonesia, Budi Santoso, pemilu berjalan baik.", "Budi Santoso", "person"),
    ("Dilansir dari Reuters, Kremlin menolak tuduhan itu.", "Reuters", "outlet"),
    ("Hal itu disampaikan seorang pejabat yang enggan disebut namanya.", "seorang pejabat", "unnamed"),
    ("Akun Instagram @infobmkg mengunggah peringatan dini.", "@infobmkg", "platform_account"),
    ("Badan Pusat Statistik (BPS) mencatat inflasi 2,1 persen.", "Badan Pusat Statistik (BPS)", "institution"),
])
def test_find_mention_patterns(sentence, name, kind):
    mention = find_mention(sentence, find_cues(sentence))
    assert isinstance(mention, Mention)
    assert (mention.name, mention.type) == (name, kind)
    assert sentence[mention.start:mention.end] == name


@pytest.mark.parametrize("sentence", ["Ia menegaskan hal itu benar.", "“Kami siap,” tambahnya.", "Menurutnya, hujan turun.",
                                      "MENURUTNYA, hujan turun."])
def test_pronouns_and_tails_continue_the_last_source(sentence):
    assert find_mention(sentence, find_cues(sentence)) == "pronoun"


@pytest.mark.parametrize("sentence", [
    "BERDASARKAN data BPS, inflasi naik.",
    "Berda\u017farkan data BPS, inflasi naik.",  # LONG S: IGNORECASE reads it as "s", lower() keeps it
    "Menurut intelijen Amerika Serikat (AS), rudal itu diluncurkan.",
])
def test_menurut_phrases_are_found_in_any_case(sentence):
    """_from_menurut looks for its words in the case-folded sentence before it searches:
    whatever the case-insensitive search would match must pass that look first."""
    mention = _from_menurut(sentence, find_cues(sentence))
    assert isinstance(mention, Mention) and sentence[mention.start:mention.end] == mention.name


def test_word_stems_strip_prefixes_and_suffixes():
    for word, stem in [("menolak", "tolak"), ("menyebutkan", "sebut"), ("memukul", "pukul"), ("mengirim", "kirim")]:
        assert stem in word_stems(word), word
    assert "laku" in word_stems("berlaku") and "dana" in word_stems("pendanaan")


def test_merge_keeps_the_longer_name_and_the_weakest_channel():
    sources = merge_sources([
        (0, Mention("Sarah Hurst", "person", 10, 21), "named"),
        (1, Mention("Hurst", "person", 50, 55), "social"),
        (2, Mention("Mirror", "outlet", 70, 76), "media"),
    ])
    assert [(s.name, s.channel, s.sentences) for s in sources] == [("Sarah Hurst", "social", [0, 1]), ("Mirror", "media", [2])]


def test_a_handle_is_a_source_of_its_own():
    # An account's handle once had no name words and so took in every later source.
    sources = merge_sources([
        (0, Mention("@infobmkg", "platform_account", 0, 9), "social"),
        (1, Mention("Kapolres Eko Iskandar", "official", 40, 61), "official"),
        (2, Mention("@infobmkg", "platform_account", 80, 89), "social"),
        (3, Mention("dan", "person", 100, 103), "named"),
        (4, Mention("Eko", "person", 120, 123), "official"),
    ])
    assert [(s.name, s.sentences) for s in sources] == [
        ("@infobmkg", [0, 2]), ("Kapolres Eko Iskandar", [1, 4]), ("dan", [3])]
    # Past the index's subset look-up (more than ten known words) the rule is the same.
    words = [f"W{i}" for i in range(11)]
    sources = merge_sources([(0, Mention("dan", "person", 0, 3), "named")]
                            + [(i + 1, Mention(w, "person", 10 + 5 * i, 12 + 5 * i), "named") for i, w in enumerate(words)]
                            + [(12, Mention(" ".join(words), "person", 100, 100 + len(" ".join(words))), "named")])
    assert sources[0].name == "dan" and sources[0].sentences == [0]
    # An institution and its account are told apart: the account is a social channel.
    sources = merge_sources([(0, Mention("Polri", "institution", 0, 5), "official"),
                             (1, Mention("@polri", "platform_account", 20, 26), "social")])
    assert [(s.name, s.channel) for s in sources] == [("Polri", "official"), ("@polri", "social")]



def merged_one_by_one(mentions):
    """merge_sources as first written: each mention compared with every source so far (the
    reference for the indexed version, which keeps an article of 2,000 sources linear)."""
    sources = []
    for index, mention, label in mentions:
        words = _name_words(mention.name)
        match = next((s for s in sources if words and s.key_words()
                      and (words <= s.key_words() or s.key_words() <= words)), None)
        if match is None:
            match = Source(mention.name, mention.type)
            sources.append(match)
        elif len(mention.name) > len(match.name):
            match.name = mention.name
        if match.type == "person" and mention.type in ("official", "institution"):
            match.type = mention.type
        if (mention.start, mention.end) not in match.mentions:
            match.mentions.append((mention.start, mention.end))
        if index not in match.sentences:
            match.sentences.append(index)
        match.labels.append(label)
    return sources


from hypothesis import given, settings, strategies as st  # noqa: E402

from tests.test_segmentation import NEWSY  # noqa: E402

NEWSWORDS = st.sampled_from([
    "kata", "Menurut", "dilansir", "Reuters", "“", "”", '"', "cuit", "akun", "@budi", "Ia", "menegaskan",
    "disebut", "seorang pejabat", "enggan disebut namanya", "Kapolres", "Budi Santoso", ",", ".", "\n",
    "tambahnya", "Baca juga:", "😀", "\u200b", "\ud800", "\x00", "Kementerian", "PENJELASAN", "narasi",
])


@settings(max_examples=150, deadline=None)
@given(text=st.text() | st.lists(NEWSY | NEWSWORDS, max_size=80).map(" ".join),
       title=st.none() | st.text(max_size=40) | st.lists(NEWSWORDS, max_size=8).map(" ".join))
def test_report_invariants_on_any_text(tiny_model, text, title):
    report = build_report(tiny_model, text, title)
    assert report == build_report(tiny_model, text, title)
    end = 0
    for index, sentence in enumerate(report["sentences"]):
        assert sentence["index"] == index and sentence["start"] >= end
        assert text[sentence["start"]:sentence["end"]] == sentence["text"]
        end = sentence["end"]
        for cue in sentence["cues"]:
            assert text[cue["start"]:cue["end"]] == cue["text"]
        if sentence["source"] is not None:
            assert text[sentence["source"]["start"]:sentence["source"]["end"]] == sentence["source"]["name"]
    for source in report["sources"]:
        for mention in source["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"]
    score = report["credibility"]["score"]
    assert score is None or 0 <= score <= 100


NAME_WORDS = st.sampled_from(["Sarah", "Hurst", "Budi", "Santoso", "Polda", "Metro", "Jaya", "al", "bin", "(KPK)", "Mirror",
                              "dan", "S.", "Eko", "@budi", "@infobmkg"])
MENTIONS = st.lists(st.tuples(st.lists(NAME_WORDS, min_size=1, max_size=4).map(" ".join),
                              st.sampled_from(sorted(SOURCE_TYPES)), st.sampled_from(["official", "named", "social"])),
                    max_size=30)


@settings(max_examples=300, deadline=None)
@given(MENTIONS)
def test_merging_through_the_index_is_merging_one_by_one(drawn):
    mentions = [(i, Mention(name, kind, 10 * i, 10 * i + len(name)), label) for i, (name, kind, label) in enumerate(drawn)]
    assert merge_sources(mentions) == merged_one_by_one(mentions)
