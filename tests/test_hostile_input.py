"""Issue #7's catalogue of hostile input, through every way an article reaches the service.

Each request is answered 200 or a JSON 4xx, never a 5xx, under the service's default
limits (MAX_BODY_BYTES, MAX_SENTENCES, MAX_BATCH_ARTICLES), so that the texts the limits
let through are really scored. How long the worst of them takes is measured by
`python -m benchmarks.bounds`, not asserted here. The cases tests/test_api.py and
tests/test_batch.py already cover (invalid JSON, the test app's limits, the fields'
messages) are not repeated.
"""

from __future__ import annotations

import json

import pytest

from service import create_app
from service.config import Config
from tests.openapi_conformance import SpecCheckedClient

LONG_SENTENCE = "warga " * 33_333  # 200,000 characters without an end mark: one sentence
LONG_CUED_SENTENCE = "kata " * 40_000  # the same length with a cue ("kata", said) every word
ONE_WORD_SENTENCES = "Ya. " * 40_000  # 40,000 sentences, far over MAX_SENTENCES
NESTED_LIST = "[" * 100_000 + "]" * 100_000
NESTED_OBJECT = '{"a":' * 100_000 + "1" + "}" * 100_000
WRONG_TYPES = [0, 1.5, True, [], ["Ada berita."], {}, {"text": "Ada berita."}]


@pytest.fixture(scope="module")
def client(tiny_model, tmp_path_factory):
    """An app with the service's default limits (the suite's usual app has smaller ones)."""
    config = Config(model_dir=tmp_path_factory.mktemp("model"))
    app = create_app({"TESTING": True, "MODEL": tiny_model, "SERVICE_CONFIG": config})
    app.test_client_class = SpecCheckedClient
    return app.test_client()


def answer(client, path: str, **kwargs):
    """Post and check the one promise every hostile request gets: 200, or a JSON 4xx with a message."""
    response = client.post(path, **kwargs)
    assert response.status_code == 200 or 400 <= response.status_code < 500, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    if response.status_code != 200:
        assert set(response.get_json()) == {"error", "message"} and response.get_json()["message"]
    return response


def as_json(body) -> dict:
    return {"data": json.dumps(body).encode(), "content_type": "application/json"}


def as_plain(text: str) -> dict:
    return {"data": text.encode("utf-8", "surrogatepass"), "content_type": "text/plain; charset=utf-8"}


def as_html(html: str) -> dict:
    return as_json({"title": "Judul", "html": html})


def in_batch(article: dict) -> dict:
    return as_json({"articles": [{"id": "baik", "text": "Polisi menutup jalan."}, article]})


def batch_entry(response, index: int = 1) -> dict:
    """One article's entry in a batch answer: the report, or this article's own JSON 4xx."""
    entry = response.get_json()["results"][index]
    assert entry["status"] == 200 or 400 <= entry["status"] < 500
    return entry


@pytest.mark.parametrize("text,kwargs", [
    (LONG_SENTENCE, as_json({"text": LONG_SENTENCE})),
    (LONG_SENTENCE, as_plain(LONG_SENTENCE)),
    (LONG_SENTENCE, as_html(f"<p>{LONG_SENTENCE}</p>")),
    (LONG_CUED_SENTENCE, as_json({"title": LONG_CUED_SENTENCE, "text": LONG_CUED_SENTENCE})),
], ids=["json", "plain", "html", "cues"])
def test_one_sentence_of_200k_characters_is_scored_whole(client, text, kwargs):
    report = answer(client, "/score", **kwargs).get_json()
    [sentence] = report["sentences"]
    assert sentence["end"] - sentence["start"] == len(text.strip())


def test_one_sentence_of_200k_characters_in_a_batch(client):
    entry = batch_entry(answer(client, "/score/batch", **in_batch({"text": LONG_SENTENCE})))
    assert entry["status"] == 200 and len(entry["report"]["sentences"]) == 1


@pytest.mark.parametrize("kwargs", [
    as_json({"text": ONE_WORD_SENTENCES}),
    as_plain(ONE_WORD_SENTENCES),
    as_html("<p>Ya.</p>" * 40_000),
], ids=["json", "plain", "html"])
def test_40k_one_word_sentences_are_refused(client, kwargs):
    response = answer(client, "/score", **kwargs)
    assert response.status_code == 413 and "MAX_SENTENCES" in response.get_json()["message"]


def test_40k_one_word_sentences_fail_alone_in_a_batch(client):
    response = answer(client, "/score/batch", **in_batch({"text": ONE_WORD_SENTENCES}))
    assert [batch_entry(response, index)["status"] for index in (0, 1)] == [200, 413]


def test_a_batch_is_held_to_max_sentences_in_all(client):
    """Fifty articles of 1,999 sentences each fit one by one, but not together: the request is
    refused whole, as a batch of too many articles is, and the client halves it."""
    response = answer(client, "/score/batch", **as_json({"articles": [{"text": "Ya. " * 1_999}] * 50}))
    assert response.status_code == 413 and "sentences" in response.get_json()["message"]


@pytest.mark.parametrize("nested", [NESTED_LIST, NESTED_OBJECT], ids=["lists", "objects"])
@pytest.mark.parametrize("path,wrap", [
    ("/score", "{}"),
    ("/score", '{{"text": {}}}'),
    ("/score", '{{"text": "Ada berita.", "title": {}}}'),
    ("/score", '{{"html": {}}}'),
    ("/score/batch", '{{"articles": {}}}'),
    ("/score/batch", '{{"articles": [{{"text": {}}}]}}'),
])
def test_deeply_nested_json_anywhere_is_a_400(client, path, wrap, nested):
    response = answer(client, path, data=wrap.format(nested).encode(), content_type="application/json")
    assert response.status_code == 400


def test_nesting_the_parser_can_take_is_a_wrong_type(client):
    nested = "[" * 500 + "]" * 500
    response = answer(client, "/score", data=f'{{"text": "Ada.", "title": {nested}}}'.encode(),
                      content_type="application/json")
    assert response.status_code == 422


@pytest.mark.parametrize("kwargs", [
    {"data": b"Berita\x00 ada.\x00\x00 Lalu selesai.", "content_type": "text/plain; charset=utf-8"},
    as_json({"text": "\x00" * 1_000 + " Ada berita."}),
    as_json({"title": "Judul\x00", "text": "Ada\x00 berita.", "id": "id\x00"}),
    as_html("<p>Ada\x00 berita.</p><scr\x00ipt>alert(1)</script><p\x00>Lalu.</p>"),
], ids=["plain", "text", "every field", "html"])
def test_nul_bytes_are_scored(client, kwargs):
    assert answer(client, "/score", **kwargs).status_code == 200


def test_nul_bytes_in_a_batch(client):
    entry = batch_entry(answer(client, "/score/batch", **in_batch({"id": "\x00", "title": "\x00", "text": "Ada\x00."})))
    assert entry["status"] == 200 and entry["id"] == "\x00"


def test_a_text_of_nul_bytes_alone_is_one_sentence(client):
    """NUL is not white space to Python, so the text is not blank: it is scored, not refused."""
    report = answer(client, "/score", **as_json({"text": "\x00" * 10_000})).get_json()
    assert [(s["start"], s["end"]) for s in report["sentences"]] == [(0, 10_000)]


@pytest.mark.parametrize("raw", [
    b"\xff\xfe",  # not UTF-8 at all
    b"\xc0\xaf",  # an overlong "/"
    b"\xed\xa0\x80",  # a surrogate encoded as if it were a character
    b"\xf4\x90\x80\x80",  # past U+10FFFF
    b"\xe2\x82",  # a sequence cut short
])
@pytest.mark.parametrize("path,template,content_type", [
    ("/score", b"Berita %s ada.", "text/plain; charset=utf-8"),
    ("/score", b'{"text": "Berita %s ada."}', "application/json"),
    ("/score", b'{"html": "<p>Berita %s ada.</p>"}', "application/json"),
    ("/score", b'{"text": "Ada.", "title": "%s"}', "application/json"),
    ("/score/batch", b'{"articles": [{"id": "%s", "text": "Ada."}]}', "application/json"),
])
def test_invalid_utf8_anywhere_is_a_400(client, raw, path, template, content_type):
    response = answer(client, path, data=template % raw, content_type=content_type)
    assert response.status_code == 400 and "UTF-8" in response.get_json()["message"]


@pytest.mark.parametrize("value", WRONG_TYPES, ids=repr)
@pytest.mark.parametrize("field", ["text", "html", "title", "id"])
def test_every_score_field_with_a_wrong_type_is_a_422(client, field, value):
    article = {"text": "Ada berita."} if field in ("title", "id") else {}
    response = answer(client, "/score", **as_json({**article, field: value}))
    assert response.status_code == 422 and f'"{field}"' in response.get_json()["message"]


@pytest.mark.parametrize("value", WRONG_TYPES, ids=repr)
@pytest.mark.parametrize("field", ["text", "html", "title", "id"])
def test_every_batch_article_field_with_a_wrong_type_fails_that_article(client, field, value):
    article = {"text": "Ada berita."} if field in ("title", "id") else {}
    entry = batch_entry(answer(client, "/score/batch", **in_batch({**article, field: value})))
    assert entry["status"] == 422 and f'"{field}"' in entry["message"]


@pytest.mark.parametrize("value", [0, 1.5, True, "Ada berita.", {}, {"text": "Ada."}, None], ids=repr)
def test_articles_of_a_wrong_type_is_a_422(client, value):
    assert answer(client, "/score/batch", **as_json({"articles": value})).status_code == 422


@pytest.mark.parametrize("value", [0, 1.5, True, "Ada berita.", []], ids=repr)
def test_an_article_of_a_wrong_type_fails_alone(client, value):
    assert batch_entry(answer(client, "/score/batch", **in_batch(value)))["status"] == 422


@pytest.mark.parametrize("path,body", [
    ("/score", {"title": "Kapolres " * 25_000, "text": "Ada berita."}),
    ("/score", {"title": "Kapolres " * 25_000, "html": "<p>Ada berita.</p>"}),
    ("/score", {"id": "x" * 200_000, "title": "j" * 200_000, "text": "Ada berita."}),
    ("/score/batch", {"articles": [{"title": "Kapolres " * 2_000, "text": "Ada berita."}] * 50}),
], ids=["title", "title with html", "id and title", "batch of titles"])
def test_huge_titles_and_ids_are_scored(client, path, body):
    response = answer(client, path, **as_json(body))
    assert response.status_code == 200


@pytest.mark.parametrize("html", [
    "<script>document.write('<p>Disusupkan.</p>')</script><p>Ada berita.</p>",
    "<p>Ada berita.</p><script>var s = '</p><p>Disusupkan.';</script>",
    "<p>Ada berita.</p><script>" + "x" * 100_000,  # never closed
    "<p>Ada berita.</p><script><!-- <script> Disusupkan. </script> --></script>",
    "<p onclick=\"alert('Disusupkan.')\">Ada berita.</p><img src=x onerror=alert(1)>",
    "<p>Ada berita.</p><style>p::after { content: 'Disusupkan.' }</style>",
    "<noscript><noscript>Disusupkan.</noscript></noscript><p>Ada berita.</p>",
    "<p>Ada berita.</p><![CDATA[ Disusupkan. ]]>",
    "<p>Ada berita.</p><svg><script>Disusupkan.</script></svg>",
    "<p>Ada berita.</p><template><p>Disusupkan.</p></template>",
    "<SCRIPT SRC=//x></SCRIPT><p>Ada berita.</p><ScRiPt>Disusupkan.</sCrIpT>",
])
def test_html_with_scripts_keeps_only_the_article_text(client, html):
    report = answer(client, "/score", **as_html(html)).get_json()
    assert "Ada berita." in report["text"] and "Disusupkan" not in report["text"]
    for sentence in report["sentences"]:
        assert report["text"][sentence["start"]:sentence["end"]] == sentence["text"]


@pytest.mark.parametrize("html", [
    "<div>" * 100_000,
    "</" * 2_000,
    "<a " * 1_000,
    "<!--" * 1_000,
    "<?" * 2_000,
    "<![" * 2_000,
    "&#" * 50_000 + "&#x110000;&#0;&#xD800;",
    "<a b='" + "x" * 100_000,
])
def test_malformed_html_is_answered(client, html):
    answer(client, "/score", **as_html(html))
    batch_entry(answer(client, "/score/batch", **in_batch({"html": html})))
