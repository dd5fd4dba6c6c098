"""Sentence segmentation: Indonesian abbreviations, numbers, quotes, furniture, offsets."""

from __future__ import annotations

import pytest

from service.segmentation import segment_sentences
from training.compare_segmenters import CASES


def texts(text: str) -> list[str]:
    return [s.text for s in segment_sentences(text)]


@pytest.mark.parametrize("text,expected", [
    ("Beli apel, jeruk, dll. yang segar. Harganya murah.",
     ["Beli apel, jeruk, dll. yang segar.", "Harganya murah."]),
    ("Sarah J. Parker tiba. Dia tersenyum.", ["Sarah J. Parker tiba.", "Dia tersenyum."]),
    ("“Apa kabar?” tanya dia. Tidak ada jawaban!", ["“Apa kabar?” tanya dia.", "Tidak ada jawaban!"]),
    ('Dia berkata, "Saya lelah." Lalu tidur.', ['Dia berkata, "Saya lelah."', "Lalu tidur."]),
    ("1. Siapkan bahan. 2. Aduk rata.", ["1. Siapkan bahan.", "2. Aduk rata."]),
    ("Pada tahun 2017. Kemudian berubah.", ["Pada tahun 2017.", "Kemudian berubah."]),
    ("MOSKOW, KOMPAS.TV - Pemimpin datang. Liputan6.com, Jakarta - Hujan turun.",
     ["MOSKOW, KOMPAS.TV - Pemimpin datang.", "Liputan6.com, Jakarta - Hujan turun."]),
])
def test_sentence_boundaries(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize("text,expected", CASES)
def test_the_cases_other_segmenters_miss(text, expected):
    """training.compare_segmenters shows sentencex and pysbd failing these; we must not."""
    assert texts(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("ADVERTISEMENT Dalam film ini ada dua ratu horor.", ["ADVERTISEMENT", "Dalam film ini ada dua ratu horor."]),
    ("Simak juga Video: Gubernur Aceh Aman [Gambas:Video 20detik]",
     ["Simak juga Video: Gubernur Aceh Aman", "[Gambas:Video 20detik]"]),
    ("Baca juga:Litbang Kompas: 78,3 Persen Publik Yakin Prabowo Tuntaskan Korupsi Albert menilai, saat ini baik.",
     ["Baca juga:Litbang Kompas: 78,3 Persen Publik Yakin Prabowo Tuntaskan Korupsi",
      "Albert menilai, saat ini baik."]),
    ("Baca juga:\n\nPenjelasan Garuda tentang HP Hilang di Melbourne Menurut Agus, para petugas datang.",
     ["Baca juga:", "Penjelasan Garuda tentang HP Hilang di Melbourne", "Menurut Agus, para petugas datang."]),
    ("Komentar\nPosting Komentar", ["Komentar", "Posting Komentar"]),
])
def test_page_furniture_is_its_own_segment(text, expected):
    assert texts(text) == expected


def test_paragraphs_and_crlf_split():
    assert texts("Satu dua\r\n\r\nTiga empat") == ["Satu dua", "Tiga empat"]


def test_empty_and_blank():
    assert segment_sentences("") == []
    assert segment_sentences(" \n\t\r\n ") == []


def assert_partition(text: str) -> None:
    """Offsets exact, in order, no overlap, and every non-space character covered."""
    sentences = segment_sentences(text)
    covered = [False] * len(text)
    previous_end = 0
    for sentence in sentences:
        assert text[sentence.start:sentence.end] == sentence.text
        assert sentence.start >= previous_end
        assert sentence.text == sentence.text.strip() and sentence.text
        for i in range(sentence.start, sentence.end):
            covered[i] = True
        previous_end = sentence.end
    assert all(covered[i] or text[i].isspace() for i in range(len(text)))


def test_offsets_exact_on_corpus_articles(corpus_articles):
    articles = corpus_articles[:400]
    for article in articles:
        assert_partition(article["text"])
    total = sum(len(segment_sentences(a["text"])) for a in articles)
    assert total > 400 * 5


from hypothesis import given, settings, strategies as st  # noqa: E402

NEWSY = st.sampled_from(list("abcXYZ .,!?…\"“”‘’'()[]\n\r\t:-0123456789") + [
    "Dr.", "Jl.", "No.", "dll.", "Baca juga:", "SCROLL TO CONTINUE WITH CONTENT", "Advertisement",
    "[Gambas:Video 20detik]", "\u200b", "\u202e", "\u0301", "😀", "\x00", "\ud800", "Kata", " Ia",
])


@settings(max_examples=400, deadline=None)
@given(st.text() | st.lists(NEWSY, max_size=60).map("".join))
def test_any_text_is_partitioned_exactly(text):
    assert_partition(text)
    assert segment_sentences(text) == segment_sentences(text)
