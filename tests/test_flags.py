"""The flag rules one by one, at their thresholds, on hand-made labelled articles.

The seed's flags are checked end to end in tests/test_report.py; here each rule fires, and
stays quiet, where service/flags.py says it does.
"""

from __future__ import annotations

import pytest

from service.flags import HEDGE_HEAVY_MINIMUM, MESSAGES, MOSTLY_UNATTRIBUTED_SHARE, find_flags
from service.sources import Source


def body(*labels: str) -> list[dict]:
    return [{"index": index, "label": label} for index, label in enumerate(labels)]


def support(chain: dict[str, list[int]]) -> dict:
    """A headline_support answer whose chain has these labels' sentences."""
    return {"sentences": sorted(i for members in chain.values() for i in members),
            "chain": [{"label": label, "sentences": members, "sources": []} for label, members in chain.items()]}


def source(name: str, kind: str, sentences: list[int], labels: list[str]) -> Source:
    return Source(name, kind, sentences=sentences, labels=labels)


def codes(headline=None, sentences=(), sources=(), headline_support=None, fact_check=False) -> list[str]:
    found = find_flags(headline, list(sentences), list(sources), headline_support, fact_check)
    return [flag["code"] for flag in found]


def test_every_code_has_an_indonesian_and_an_english_message():
    for indonesian, english in MESSAGES.values():
        assert indonesian.strip() and english.strip() and indonesian != english


@pytest.mark.parametrize("label,flagged", [("hedged", True), ("official", False), ("unattributed", False)])
def test_headline_hedged_follows_the_headlines_label(label, flagged):
    assert ("headline_hedged" in codes({"label": label}, body("official"))) is flagged


def test_a_headline_carried_only_by_unattributed_sentences_is_unsupported():
    sentences = body("unattributed", "unattributed", "official")
    assert "headline_unsupported" in codes({"label": "unattributed"}, sentences, headline_support=support(
        {"unattributed": [0, 1]}))
    assert "headline_unsupported" not in codes({"label": "unattributed"}, sentences, headline_support=support(
        {"official": [2], "unattributed": [0]}))


def test_a_fact_check_is_not_flagged_for_its_headline():
    sentences = body("unattributed", "social")
    assert "headline_unsupported" not in codes({"label": "unattributed"}, sentences,
                                               headline_support=support({"unattributed": [0]}), fact_check=True)


def test_one_social_account_behind_the_headline_is_a_single_social_source():
    sentences = body("named", "social", "social", "media", "official")
    found = find_flags({"label": "hedged"}, sentences, [
        source("Sarah Hurst", "person", [0, 1, 2], ["named", "social", "social"]),
        source("Mirror", "outlet", [3], ["media"]),
        source("Kementerian Luar Negeri", "institution", [4], ["official"]),
    ], support({"social": [1, 2], "media": [3], "named": [0]}), False)
    single = next(flag for flag in found if flag["code"] == "single_social_source")
    assert single["sentences"] == [0, 1, 2]


def test_two_sources_behind_the_headline_are_not_a_single_social_source():
    sentences = body("social", "official")
    assert "single_social_source" not in codes({"label": "unattributed"}, sentences, [
        source("@akun", "platform_account", [0], ["social"]),
        source("Polri", "institution", [1], ["official"]),
    ], support({"social": [0], "official": [1]}))


def test_a_relay_in_the_headlines_chain_is_a_relayed_report():
    sentences = body("official", "official", "official", "official", "media")
    found = find_flags({"label": "unattributed"}, sentences, [], support({"media": [4]}), False)
    assert next(flag for flag in found if flag["code"] == "relayed_report")["sentences"] == [4]


@pytest.mark.parametrize("media,official,flagged", [(3, 7, True), (2, 8, False)])
def test_relays_make_a_relayed_report_from_three_in_ten_attributed_sentences(media, official, flagged):
    sentences = body(*(["media"] * media + ["official"] * official + ["unattributed"] * 5))
    assert ("relayed_report" in codes(None, sentences)) is flagged


def test_anonymous_sources_lists_every_anonymous_sentence():
    found = find_flags(None, body("official", "anonymous", "unattributed", "anonymous"), [], None, False)
    assert next(flag for flag in found if flag["code"] == "anonymous_sources")["sentences"] == [1, 3]


@pytest.mark.parametrize("unattributed,flagged", [(6, True), (5, False)])
def test_mostly_unattributed_from_six_in_ten_claims(unattributed, flagged):
    assert MOSTLY_UNATTRIBUTED_SHARE == 0.6
    sentences = body(*(["unattributed"] * unattributed + ["official"] * (10 - unattributed)))
    assert ("mostly_unattributed" in codes(None, sentences)) is flagged


def test_furniture_is_not_counted_among_the_claims():
    # 5 unattributed of 10 claims, whatever the page furniture around them.
    sentences = body(*(["unattributed"] * 5 + ["official"] * 5 + ["other"] * 10))
    assert "mostly_unattributed" not in codes(None, sentences)


@pytest.mark.parametrize("hedged,others,flagged", [
    (3, 9, True),  # 3 of 12: a quarter
    (3, 10, False),  # 3 of 13: under a quarter
    (2, 2, False),  # half, but fewer than three
])
def test_hedge_heavy_needs_three_hedges_and_a_quarter_of_the_claims(hedged, others, flagged):
    assert HEDGE_HEAVY_MINIMUM == 3
    sentences = body(*(["hedged"] * hedged + ["official"] * others))
    assert ("hedge_heavy" in codes(None, sentences)) is flagged


def test_flags_come_in_a_fixed_order():
    sentences = body("hedged", "hedged", "hedged", "anonymous", "media")
    assert codes({"label": "hedged"}, sentences, [], support({"hedged": [0, 1, 2]})) == [
        "headline_hedged", "headline_unsupported", "relayed_report", "anonymous_sources", "hedge_heavy"]
