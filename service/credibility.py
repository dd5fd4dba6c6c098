"""The article's overall credibility score from its sentence labels (first version).

score = 100 × weighted mean of the guide's strengths over the claim sentences (every
label but `other`), each sentence weighted by the model's confidence and the headline
weighted HEADLINE_WEIGHT times, because the headline is the claim readers take away.
An article with no claim sentence gets no score. docs/credibility.md explains it; the
report issue (#4) adds headline support, source diversity and concentration terms.
"""

from __future__ import annotations


HEADLINE_WEIGHT = 3.0
GRADES = ((80, "A"), (65, "B"), (50, "C"), (35, "D"), (0, "E"))


def credibility(headline: dict | None, sentences: list[dict]) -> dict:
    """Score the article; return score, grade and the parts the score was built from."""
    weighted = [(s["confidence"], s["strength"]) for s in sentences if s["strength"] is not None]
    if headline is not None and headline["strength"] is not None:
        weighted.append((HEADLINE_WEIGHT * headline["confidence"], headline["strength"]))
    total_weight = sum(weight for weight, _ in weighted)
    if total_weight == 0:
        return {"score": None, "grade": None, "claim_sentences": 0,
                "explanation": "no sentence makes a claim, so there is nothing to score"}
    mean_strength = sum(weight * strength for weight, strength in weighted) / total_weight
    score = round(100 * mean_strength)
    return {
        "score": score,
        "grade": next(grade for floor, grade in GRADES if score >= floor),
        "claim_sentences": sum(1 for s in sentences if s["strength"] is not None),
        "explanation": "confidence-weighted mean strength of the claim sentences, "
                       f"headline counted {HEADLINE_WEIGHT:g} times",
    }
