"""Split Indonesian news text into sentences with exact code-point offsets.

Why our own rules: the well-kept segmenters we measured (sentencex 1.0.32, pysbd 0.3.4:
2 of 8 Indonesian cases right in ``python -m training.compare_segmenters``; spaCy's
``id`` sentencizer and blingfire per ../shared/ENVIRONMENT_NOTES.md) know no Indonesian
abbreviations (Jl., Bpk., Ny., AKBP…), split after "Jl.", or attach an opening quote to
the previous sentence, and none separates the page furniture that scraped Indonesian pages glue to sentences
("SCROLL TO CONTINUE WITH CONTENT Secara rinci…", "paparnya.Ikuti Whatsapp Channel…").
Every offset the API reports rests on this module, so it is small, linear-time and
covered by property tests: sentences come in order, never overlap, and together cover
every non-space character of the input.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Sentence(NamedTuple):
    """A sentence as a span of the text it came from: ``text[start:end] == sentence.text``."""

    start: int
    end: int
    text: str


# Words that end in a period but never end a sentence: titles, ranks and address parts.
# Abbreviations that may end a sentence (dll., dsb., dkk.) are left out on purpose: they
# split only when the next word is capitalised, like any other word.
NON_FINAL_ABBREVIATIONS = frozenset(
    """
    dr drs dra drg prof ir h hj kh jl jln gg no nomor bpk bp ibu ny nn sdr sdri tn yth
    kol letkol mayjen brigjen irjen kombes kompol akbp akp ipda iptu aiptu aipda bripka
    brigpol briptu bripda kapt lettu letda serma pelda mr mrs ms st vs sp spd mpd msi
    mkes skm se sh mh mm mt ph kec kab kel prov ds tgl hlm rp pk ttd a.n u.p dg
    """.split()
)

# Markers of page furniture that scraped pages glue to real sentences. Each becomes a
# segment of its own so that the sentence beside it keeps clean text and offsets.
_FURNITURE = re.compile(
    r"SCROLL TO CONTINUE WITH CONTENT"
    r"|ADVERTISEMENT"
    r"|\bAdvertisement\b"
    r"|\[Gambas:[^\]\n]{0,80}\]"
    r"|Ikuti Whatsapp Channel \w+"
    r"|\bBaca [Jj]uga\b(?![:\-–])"
)
# Text every _FURNITURE match holds: a line without any is not searched (the search tries
# every position of a line; the look-ups cost a fifth of it).
_FURNITURE_HOLDS = ("SCROLL TO CONTINUE WITH CONTENT", "ADVERTISEMENT", "Advertisement", "[Gambas:",
                    "Ikuti Whatsapp Channel", "Baca ")

# A "read also" link whose title follows: "Baca juga: <title>", "BACA JUGA - <title>".
# The title has no end mark, so it runs until the next sentence's first words (see
# _title_end); a marker alone on its line makes the whole next line the title's line.
_RELATED_LINK = re.compile(r"(?:Baca|BACA|Lihat|LIHAT) (?:[Jj]uga|JUGA)\s*(?::|-|–)\s*")
_RELATED_LINK_HOLDS = ("Baca ", "BACA ", "Lihat ", "LIHAT ")

# Sentence-final punctuation, with closing quotes and brackets that belong to it.
_FINAL = re.compile(r"[.!?…]+[\"”’'»)\]]*")
# What may open a sentence: a capital, a digit, or an opening quote or bracket first.
_OPENER = re.compile(r"[\"“‘'«(\[]*[A-Z0-9À-ÖØ-Þ]")
# A period glued to the next sentence: "paparnya.Ikuti", but not "Kompas.com" or "S.Kom".
_GLUED = re.compile(r"[.!?](?<=[a-z]{3}[.!?])(?=[A-Z][a-z])")  # the mark first: found fastest
_WORD_BEFORE = re.compile(r"([\w.]+)$")
WORD_WINDOW = 40
# Lowercase words that title-case headlines keep lowercase.
_SENTENCE_OPENERS = frozenset(
    "menurut namun sementara selain adapun kata meski dalam pada sebelumnya".split()
)
_TITLE_FUNCTION_WORDS = frozenset(
    "di ke dari dan yang untuk dengan pada atau dalam oleh jadi ini itu tak tidak vs".split()
)


def segment_sentences(text: str) -> list[Sentence]:
    """Return the sentences of ``text`` in order; together they cover all its non-space text."""
    sentences: list[Sentence] = []
    title_follows = False
    for line in re.finditer(r"[^\r\n]+", text):
        spans, title_follows = _segment_line(text, line.start(), line.end(), title_follows)
        sentences.extend(_trimmed(text, start, end) for start, end in spans)
    return [s for s in sentences if s is not None]


def _segment_line(
    text: str, start: int, end: int, title_follows: bool
) -> tuple[list[tuple[int, int]], bool]:
    """Split one line; say whether a bare "Baca juga:" marker leaves its title to the next."""
    spans: list[tuple[int, int]] = []
    cursor = start
    if title_follows and text[start:end].strip():
        cursor = _title_end(text, start, end)
        spans.append((start, cursor))
    pieces = _furniture_pieces(text, cursor, end)
    marker_alone = False
    for piece_start, piece_end, is_marker in pieces:
        if is_marker:
            spans.append((piece_start, piece_end))
            continue
        link = _holds(text, piece_start, piece_end, _RELATED_LINK_HOLDS) and _RELATED_LINK.search(
            text, piece_start, piece_end)
        if link:
            spans.extend(_sentence_spans(text, piece_start, link.start()))
            if not text[link.end():piece_end].strip():
                spans.append((link.start(), piece_end))
                marker_alone = True
                continue
            title_end = _title_end(text, link.end(), piece_end)
            spans.append((link.start(), title_end))
            piece_start = title_end
        spans.extend(_sentence_spans(text, piece_start, piece_end))
        marker_alone = False
    return spans, marker_alone


def _furniture_pieces(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Cut a line into (start, end, is_furniture_marker) pieces."""
    pieces = []
    cursor = start
    matches = _FURNITURE.finditer(text, start, end) if _holds(text, start, end, _FURNITURE_HOLDS) else ()
    for match in matches:
        if match.start() > cursor:
            pieces.append((cursor, match.start(), False))
        pieces.append((match.start(), match.end(), True))
        cursor = match.end()
    if cursor < end:
        pieces.append((cursor, end, False))
    return pieces


def _holds(text: str, start: int, end: int, literals: tuple[str, ...]) -> bool:
    """Whether ``text[start:end]`` holds one of ``literals``."""
    return any(text.find(literal, start, end) >= 0 for literal in literals)


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` at sentence boundaries."""
    cuts = [start]
    for match in _FINAL.finditer(text, start, end):
        boundary = match.end()
        after = boundary
        while after < end and text[after] in " \t\u00a0":
            after += 1
        if after == boundary or after >= end:
            continue
        if not _OPENER.match(text, after):
            continue
        if match.group().startswith(".") and not _period_can_end(text, cuts[-1], match.start()):
            continue
        cuts.append(boundary)
    cuts.extend(match.end() for match in _GLUED.finditer(text, start, end))
    cuts = sorted(set(cuts))
    return [(a, b) for a, b in zip(cuts, cuts[1:] + [end])]


def _period_can_end(text: str, segment_start: int, period: int) -> bool:
    """Decide whether the period at ``period`` ends a sentence, judging the word before it.

    Only the last WORD_WINDOW characters are read, so a long run of periods stays linear.
    """
    word_match = _WORD_BEFORE.search(text, max(segment_start, period - WORD_WINDOW), period)
    if not word_match:
        return True
    word = word_match.group(1)
    last = word.rsplit(".", 1)[-1] if "." in word.strip(".") else word
    if last.lower() in NON_FINAL_ABBREVIATIONS or word.lower() in NON_FINAL_ABBREVIATIONS:
        return False
    if len(last) == 1 and last.isupper():
        return False  # an initial: "H. Basyit", "Sarah J. Parker"
    lead = word_match.start() - segment_start
    if last.isdigit() and lead <= WORD_WINDOW and not text[segment_start:word_match.start()].strip():
        return False  # a list number: "1. Siapkan…"
    return True


def _title_end(text: str, start: int, end: int) -> int:
    """Find where a headline glued to the next sentence ends.

    A related-article title is title-cased; the sentence after it starts with a
    capitalised word (two when the first is a usual sentence opener such as "Menurut")
    followed by ordinary lowercase words ("…Kasus Korupsi Albert menilai, …"). The title
    ends before that lead-in; with no lowercase run the title takes the whole piece.
    """
    words = list(re.finditer(r"\S+", text[start:end]))
    for i in range(1, len(words) - 1):
        if _is_plain_lowercase(words[i].group()) and _is_plain_lowercase(words[i + 1].group()):
            lead = i - 1
            if not words[lead].group()[:1].isupper() or lead == 0:
                return end
            if lead > 1 and words[lead - 1].group().lower() in _SENTENCE_OPENERS:
                lead -= 1
            return start + words[lead].start()
    return end


def _is_plain_lowercase(word: str) -> bool:
    bare = word.strip(",.;:!?\"”’'()")
    return bool(bare) and bare.islower() and bare not in _TITLE_FUNCTION_WORDS


def _trimmed(text: str, start: int, end: int) -> Sentence | None:
    """Shrink a span to its non-space text; None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    return Sentence(start, end, text[start:end])
