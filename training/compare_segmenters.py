"""Compare well-kept sentence segmenters with ours on Indonesian cases that matter here.

    python -m training.compare_segmenters

Prints, for sentencex (Wikimedia, language "id"), pysbd ("en": it has no Indonesian) and
service.segmentation, how many of the cases each splits exactly as expected and the time
per case. spaCy's rule-based sentencizer was measured too (../shared/ENVIRONMENT_NOTES.md:
splits after "Jl", attaches an opening quote to the previous sentence, ~300 MB) and is
not installed for this.
"""

from __future__ import annotations

import time

import pysbd
from sentencex import segment

from service.segmentation import segment_sentences

CASES = [
    ("Dr. Ahmad tinggal di Jl. Sudirman No. 5. Ia lahir di Medan.",
     ["Dr. Ahmad tinggal di Jl. Sudirman No. 5.", "Ia lahir di Medan."]),
    ("Rusia kehilangan 13.500 pasukan. Inflasi 3,14 persen.",
     ["Rusia kehilangan 13.500 pasukan.", "Inflasi 3,14 persen."]),
    ("Kapolres AKBP. Eko Iskandar hadir. Sdr. Budi dan Ny. Ani juga.",
     ["Kapolres AKBP. Eko Iskandar hadir.", "Sdr. Budi dan Ny. Ani juga."]),
    ("Prof. H. Basyit datang. Kemudian pulang.", ["Prof. H. Basyit datang.", "Kemudian pulang."]),
    ("“Kami siap. Semua berjalan baik,” kata Yusri. Lalu dia pergi.",
     ["“Kami siap.", "Semua berjalan baik,” kata Yusri.", "Lalu dia pergi."]),
    ("SCROLL TO CONTINUE WITH CONTENT Secara rinci, dolar menguat.",
     ["SCROLL TO CONTINUE WITH CONTENT", "Secara rinci, dolar menguat."]),
    ("kata dia.Ikuti Whatsapp Channel Republika Kapolres datang.",
     ["kata dia.", "Ikuti Whatsapp Channel Republika", "Kapolres datang."]),
    ("Advertisement Baca Juga Richa Iskak kerap tampil.", ["Advertisement", "Baca Juga", "Richa Iskak kerap tampil."]),
]


def ours(text: str) -> list[str]:
    return [s.text for s in segment_sentences(text)]


def main() -> None:
    english = pysbd.Segmenter(language="en", clean=False)
    segmenters = {
        "sentencex (id)": lambda text: [s.strip() for s in segment("id", text) if s.strip()],
        "pysbd (en)": lambda text: [s.strip() for s in english.segment(text) if s.strip()],
        "service.segmentation": ours,
    }
    for name, split in segmenters.items():
        start = time.perf_counter()
        right = [split(text) == expected for text, expected in CASES]
        per_case = 1e6 * (time.perf_counter() - start) / len(CASES)
        print(f"{name:22s} {sum(right)}/{len(CASES)} cases exact, {per_case:.0f} µs per case")
        for ok, (text, expected) in zip(right, CASES):
            if not ok:
                print(f"    wrong: {split(text)}")


if __name__ == "__main__":
    main()
