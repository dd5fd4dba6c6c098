"""Flags: the sourcing problems an editor should look at, each with the sentences behind it.

Every flag is ``{"code", "message": {"id", "en"}, "sentences": [indexes]}``. The rules read
the sentence labels, the merged sources and the headline's support chain; the thresholds
are named here so the report's documentation can quote them.
"""

from __future__ import annotations

from service.sources import Source

MOSTLY_UNATTRIBUTED_SHARE = 0.6
HEDGE_HEAVY_SHARE = 0.25
HEDGE_HEAVY_MINIMUM = 3
RELAYED_SHARE = 0.3

MESSAGES = {
    "headline_hedged": (
        "Judul memakai kata kabar burung (disebut/dikabarkan) tanpa sumber.",
        "The headline is hedged (reportedly/allegedly) with no source.",
    ),
    "headline_unsupported": (
        "Tidak ada kalimat isi yang memberi sumber bagi klaim judul.",
        "No body sentence gives the headline's claim a source.",
    ),
    "single_social_source": (
        "Klaim utama bertumpu pada satu unggahan media sosial.",
        "The claim the article leads with rests on a single social-media post or account.",
    ),
    "relayed_report": (
        "Klaim kunci dikutip dari media lain, bukan diliput sendiri.",
        "Key claims are relayed from another outlet rather than reported first-hand.",
    ),
    "anonymous_sources": (
        "Ada klaim yang bersandar pada sumber anonim.",
        "Some claims rest on anonymous sources.",
    ),
    "mostly_unattributed": (
        "Sebagian besar kalimat tidak menyebut sumber.",
        "Most sentences give no source.",
    ),
    "hedge_heavy": (
        "Banyak kalimat berupa kabar burung tanpa sumber.",
        "Many sentences are hedged hearsay with no source.",
    ),
}


def flag(code: str, sentences: list[int]) -> dict:
    indonesian, english = MESSAGES[code]
    return {"code": code, "message": {"id": indonesian, "en": english}, "sentences": sorted(sentences)}


def find_flags(headline: dict | None, sentences: list[dict], sources: list[Source],
               support: dict | None, fact_check: bool) -> list[dict]:
    """All flags that apply to the article, in a fixed order."""
    claims = [s for s in sentences if s["label"] != "other"]
    by_label: dict[str, list[int]] = {}
    for s in claims:
        by_label.setdefault(s["label"], []).append(s["index"])
    flags = []
    if headline is not None and headline["label"] == "hedged":
        flags.append(flag("headline_hedged", []))
    if support is not None and not fact_check:
        attributed = [link for link in support["chain"] if link["label"] in ("official", "named", "media", "anonymous", "social")]
        if not attributed:
            flags.append(flag("headline_unsupported", []))
        behind = [s for s in sources if set(s.sentences) & set(support["sentences"]) and s.type != "outlet"]
        if len(behind) == 1 and behind[0].channel == "social":
            flags.append(flag("single_social_source", behind[0].sentences))
    relayed = by_label.get("media", [])
    in_chain = [i for i in relayed if support and i in support["sentences"]]
    attributed_count = sum(len(by_label.get(label, [])) for label in ("official", "named", "media", "anonymous", "social"))
    if in_chain or (attributed_count and len(relayed) >= RELAYED_SHARE * attributed_count):
        flags.append(flag("relayed_report", in_chain or relayed))
    if by_label.get("anonymous"):
        flags.append(flag("anonymous_sources", by_label["anonymous"]))
    unattributed = by_label.get("unattributed", [])
    if claims and len(unattributed) >= MOSTLY_UNATTRIBUTED_SHARE * len(claims):
        flags.append(flag("mostly_unattributed", unattributed))
    hedged = by_label.get("hedged", [])
    if len(hedged) >= HEDGE_HEAVY_MINIMUM and len(hedged) >= HEDGE_HEAVY_SHARE * len(claims):
        flags.append(flag("hedge_heavy", hedged))
    return flags
