"""What the headline's claim rests on: the body sentences that carry it and their chain.

A sentence carries the headline's claim when it shares enough of the headline's content
words (stemmed crudely, so "tolak" meets "menolak"). The claim's chain then grows by the
sentences resting on the same sources as those (a writer's paraphrase brings in her tweet)
and by attributed sentences that say the same thing as a carrying one (the tabloid that
reported the request the tweet answers). The chain is reported weakest link first.
"""

from __future__ import annotations

import re

from service.labels import WEAKEST_FIRST
from service.memo import memoise_short
from service.sources import ATTRIBUTED_LABELS, Source

HEADLINE_OVERLAP = 0.4  # share of the headline's content words a carrying sentence holds
RELATED_OVERLAP = 0.5  # share of the shorter sentence's words two related sentences share

_STOPWORDS = frozenset(
    """
    yang dan di ke dari untuk dengan pada dalam atau ini itu juga telah sudah akan karena
    oleh sebagai bahwa tidak tak ada para pun saat lebih kata ia dia mereka kami kita
    adalah jadi hingga agar namun tetapi tapi serta bagi setelah sebelum masih belum bisa
    dapat harus seperti tersebut sejumlah beberapa banyak hal apa siapa mengapa bagaimana
    """.split()
)
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SUFFIX = re.compile(r"(?<=\w{4})(?:nya|kan|lah|an|i)$")
# meN-/peN- drop or change the stem's first sound: menolak < tolak, menyebut < sebut,
# memukul < pukul, mengirim < kirim; per-/ber-/ter-/di-/ke-/se- just prefix it.
_PREFIXES = (
    ("meny", "s"), ("peny", "s"), ("meng", "k"), ("peng", "k"), ("meng", ""), ("peng", ""),
    ("mem", "p"), ("pem", "p"), ("mem", ""), ("pem", ""), ("men", "t"), ("pen", "t"),
    ("men", ""), ("pen", ""), ("me", ""), ("pe", ""), ("per", ""), ("ber", ""), ("ter", ""),
    ("di", ""), ("ke", ""), ("se", ""),
)
# The same pairs by the prefix's first letter: a word is tried only against the prefixes it
# may begin with (half the time for a word not met before).
_PREFIXES_BY_INITIAL = {
    initial: tuple(pair for pair in _PREFIXES if pair[0][0] == initial)
    for initial in {prefix[0] for prefix, _ in _PREFIXES}
}


# Memoised: news vocabulary repeats, and this runs for every word of every article; a
# "word" longer than any real one is not kept (service/memo.py).
@memoise_short(max_chars=40, entries=65536)
def word_stems(word: str) -> frozenset[str]:
    """The stems a word may have: Indonesian affixes stripped every plausible way."""
    bases = {word, _SUFFIX.sub("", word)}
    stems = set(bases)
    for base in bases:
        for prefix, restored in _PREFIXES_BY_INITIAL.get(base[:1], ()):
            if base.startswith(prefix) and len(base) - len(prefix) >= 3:
                stems.add(restored + base[len(prefix):])
    return frozenset(stems)


def content_words(text: str) -> list[frozenset[str]]:
    """Each content word of a text as the set of its possible stems."""
    return [word_stems(w) for w in _WORD.findall(text.lower()) if w not in _STOPWORDS and len(w) >= 3]


def _stem_pool(words: list[frozenset[str]]) -> set[str]:
    """Every stem any of ``words`` may have."""
    return set().union(*words)


def _overlap(first: list[frozenset[str]], pool: set[str]) -> int:
    """How many of ``first``'s words share a stem with the ``pool`` of another text's words."""
    return sum(1 for stems in first if not stems.isdisjoint(pool))


def headline_support(headline: dict | None, sentences: list[dict], sources: list[Source]) -> dict | None:
    """The body sentences carrying the headline's claim and the chain they rest on."""
    if headline is None:
        return None
    headline_words = content_words(headline["text"])
    if not headline_words:
        return None
    # Only sentences that make a claim are compared: "other" neither carries nor relates.
    words = {s["index"]: content_words(s["text"]) for s in sentences if s["label"] != "other"}
    pools = {index: _stem_pool(w) for index, w in words.items()}
    carrying = {
        index for index, pool in pools.items()
        if _overlap(headline_words, pool) >= HEADLINE_OVERLAP * len(headline_words)
    }
    chain = set(carrying)
    for source in sources:
        if carrying & set(source.sentences):
            chain |= set(source.sentences)
    for s in sentences:
        w = words.get(s["index"])
        if s["label"] in ATTRIBUTED_LABELS and s["index"] not in chain and w:
            if any(_overlap(w, pools[i]) >= RELATED_OVERLAP * min(len(w), len(words[i]) or 1) for i in carrying):
                chain.add(s["index"])
    links = _links(sorted(chain), sentences, sources)
    on_record = [link for link in links if link["label"] in ("official", "named")]
    unrelated_official = [s["index"] for s in sentences if s["label"] == "official" and s["index"] not in chain]
    return {
        "headline_label": headline["label"],
        "carrying": sorted(carrying),
        "sentences": sorted(chain),
        "chain": links,
        "weakest": _weakest([headline["label"]] + [link["label"] for link in links]),
        "on_record": bool(on_record),
        "unrelated_official_sentences": unrelated_official,
        "explanation": _explain(headline["label"], links, unrelated_official),
    }


def _links(indexes: list[int], sentences: list[dict], sources: list[Source]) -> list[dict]:
    """Group the chain's sentences by label, weakest first, naming the sources of each."""
    by_label: dict[str, list[int]] = {}
    for index in indexes:
        by_label.setdefault(sentences[index]["label"], []).append(index)
    order = list(WEAKEST_FIRST) + ["unattributed"]
    links = []
    for label in sorted(by_label, key=lambda lab: order.index(lab) if lab in order else len(order)):
        members = by_label[label]
        names = [s.name for s in sources if set(s.sentences) & set(members) and label in s.labels]
        links.append({"label": label, "sentences": members, "sources": names})
    return links


def _weakest(labels: list[str]) -> str:
    ranked = [label for label in labels if label in WEAKEST_FIRST]
    return min(ranked, key=WEAKEST_FIRST.index) if ranked else "unattributed"


def _explain(headline_label: str, links: list[dict], unrelated_official: list[int]) -> str:
    parts = []
    if headline_label == "hedged":
        parts.append("the headline is hedged")
    for link in links:
        if link["label"] in ("unattributed", "other"):
            continue
        who = ", ".join(link["sources"]) if link["sources"] else "no named source"
        parts.append(f"{link['label']}: {who} (sentences {', '.join(map(str, link['sentences']))})")
    if not any(link["label"] in ATTRIBUTED_LABELS for link in links):
        parts.append("no body sentence gives the headline's claim a source")
    if unrelated_official:
        parts.append("the official statements in the article concern other claims")
    return "; ".join(parts)
