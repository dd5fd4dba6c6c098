"""benchmarks/inprocess.py runs end to end and prints every figure the README quotes
(the figures themselves are read by hand, never asserted: see the README's Speed)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from benchmarks.inprocess import sample_articles, thirty_sentence_article
from service.segmentation import segment_sentences

ROOT = Path(__file__).resolve().parents[1]


def test_the_thirty_sentence_article_has_thirty_sentences():
    title, text = thirty_sentence_article(sample_articles(60))
    assert title and len(segment_sentences(text)) == 30


def test_a_short_run_prints_every_stage_and_the_yardstick():
    printed = subprocess.run([sys.executable, "-m", "benchmarks.inprocess", "--articles", "40", "--repeats", "3"],
                             cwd=ROOT, capture_output=True, text=True, timeout=300, check=True).stdout
    for stage in ("segment", "features", "predict", "features + predict, first sight", "whole report",
                  "whole report, first sight"):
        assert re.search(rf"^  {re.escape(stage)} +\d+\.\d\d ms \(\d+\.\d\d\)$", printed, re.MULTILINE), stage
    assert re.search(r"^machine yardstick .*: \d+\.\d\d ms \(\d+\.\d\d\)$", printed, re.MULTILINE)
    assert re.search(r"^  [\d.]+ articles/s, \d+ µs per sentence$", printed, re.MULTILINE)
