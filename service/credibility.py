"""The article's credibility score: four documented components, each shown with its share.

- ``sourcing``: the mean expected strength of the claim sentences (all labels but
  `other`), the headline among them (the guide labels it too): each sentence's guide
  strength averaged over the model's calibrated label probabilities, so a doubtful label
  counts for what the model's doubt is worth; in a fact-check, the quoted claim under
  check is left out (and the headline, which names that claim), because the article
  reports it in order to debunk it. An article whose body makes no claim is not scored,
  whatever its headline.
- ``headline_support``: the strength of the best sentence that carries the headline's
  claim, taken at its source's weakest channel (a writer quoted from her tweet counts as
  `social`) or, for a sentence without a source, at its expected strength (the outlet's
  own reporting counts as `unattributed`); 0 when no body sentence carries it; three
  quarters of that when the headline itself is hedged. In a fact-check: the best source of
  the check itself.
- ``diversity``: independent on-record sources (official or named channel), three or more
  count in full.
- ``concentration``: one minus the share of attributed sentences that rest on the single
  most used weak source (social or anonymous channel).

score = 100 × Σ weight·value / Σ weight over the components that apply (no headline, no
headline component).
"""

from __future__ import annotations

from service.labels import STRENGTH
from service.sources import ATTRIBUTED_LABELS, Source

# Chosen by `python -m training.score_evidence --search` on the train articles: the best
# ranking against mean annotated strength with every component kept (docs/credibility.md).
WEIGHTS = {"sourcing": 0.90, "headline_support": 0.05, "diversity": 0.05, "concentration": 0.05}
HEDGED_HEADLINE_FACTOR = 0.75
DIVERSITY_FULL = 3
GRADES = ((80, "A"), (65, "B"), (50, "C"), (35, "D"), (0, "E"))


def credibility(headline: dict | None, sentences: list[dict], sources: list[Source],
                support: dict | None, sections: list[str | None]) -> dict:
    """Score the article; every component with its value, weight and points."""
    fact_check = any(sections)
    counted = [s for s, section in zip(sentences, sections) if not (fact_check and section == "claim")]
    expected = [s["expected_strength"] for s in counted if s["strength"] is not None]
    if not expected:
        return {"score": None, "grade": None, "components": {},
                "explanation": "no body sentence makes a claim, so there is nothing to score"}
    if headline is not None and headline["strength"] is not None and not fact_check:
        expected.append(headline["expected_strength"])
    values = {"sourcing": sum(expected) / len(expected)}
    if fact_check:
        checked = [s for s in sources if any(sections[i] in ("check", "conclusion") for i in s.sentences)]
        values["headline_support"] = max((STRENGTH[s.channel] for s in checked), default=0.0)
    elif support is not None:
        values["headline_support"] = _headline_support(headline, support, sentences, sources)
    on_record = [s for s in sources if s.type != "outlet" and s.channel in ("official", "named")]
    values["diversity"] = min(1.0, len(on_record) / DIVERSITY_FULL)
    values["concentration"] = 1.0 - _weak_concentration(sentences, sources)
    weight_sum = sum(WEIGHTS[name] for name in values)
    components = {
        name: {"value": round(value, 3), "weight": WEIGHTS[name],
               "points": round(100 * WEIGHTS[name] * value / weight_sum, 1)}
        for name, value in values.items()
    }
    score = round(sum(c["points"] for c in components.values()))
    return {
        "score": score,
        "grade": next(grade for floor, grade in GRADES if score >= floor),
        "components": components,
        "explanation": _explain(components, fact_check),
    }


def _headline_support(headline: dict | None, support: dict, sentences: list[dict], sources: list[Source]) -> float:
    """The best of the sentences carrying the headline's claim: each at its source's weakest
    channel or, when it has no source (the outlet's own reporting), its expected strength."""
    by_source = {index: STRENGTH[source.channel] for source in sources for index in source.sentences}
    value = max((by_source.get(index, sentences[index]["expected_strength"] or 0.0) for index in support["carrying"]),
                default=0.0)
    if headline is not None and headline["label"] == "hedged":
        value *= HEDGED_HEADLINE_FACTOR
    return value


def _weak_concentration(sentences: list[dict], sources: list[Source]) -> float:
    attributed = sum(1 for s in sentences if s["label"] in ATTRIBUTED_LABELS)
    weak = [len(s.sentences) for s in sources if s.channel in ("social", "anonymous")]
    return max(weak, default=0) / attributed if attributed else 0.0


def _explain(components: dict, fact_check: bool) -> str:
    parts = [f"{name.replace('_', ' ')} {c['points']:g}" for name, c in components.items()]
    note = " (fact-check: the claim under check is not counted)" if fact_check else ""
    return "points from " + ", ".join(parts) + note
