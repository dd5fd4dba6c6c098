"""The demo page and the credibility widget in a real headless Chromium, against gunicorn.

Needs Debian's chromium at /usr/bin/chromium (.ci/run installs it); without it these tests
fail rather than skip, so a CI that lost the browser cannot pass unnoticed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.live_servers import TEST_API_KEY, ScriptedServer, running_gunicorn

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
TWEET = ("“Rusia dilaporkan telah meminta bantuan Korea Utara terkait invasi yang gagal,” "
         "cuit Hurst di akun Twitter miliknya.")
TIMEOUT_MS = 15_000
# What Chromium prints on the console for any fetch answered with an error status; a page cannot prevent it.
REFUSED_FETCH = "Failed to load resource: the server responded with a status of 401 (UNAUTHORIZED)"


@pytest.fixture(scope="module")
def cms_server():
    """A stand-in CMS on another loopback origin; its page is set once the service's URL is known."""
    with ScriptedServer([(404, {}, b"")]) as server:
        yield server


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory, cms_server):
    """The service with its demo page, open, taking cross-origin requests from the stand-in CMS."""
    log_path = tmp_path_factory.mktemp("demo-gunicorn") / "server.log"
    with running_gunicorn({"CORS_ORIGINS": cms_server.url}, log_path) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (as .ci/run does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_demo(browser, base: str, **context_options):
    """A fresh page on the demo, and the list its console errors and page errors go to."""
    context = browser.new_context(base_url=base, **context_options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/")
    # (locators, not wait_for_function: the demo's policy forbids the eval that one needs)
    page.wait_for_selector(".cw-panel")
    return page, errors


def score_typed(page, title: str, text: str) -> dict:
    """Type an article into the demo's fields as an editor would; the report the widget rendered."""
    with page.expect_response(lambda r: r.url.endswith("/score") and r.request.method == "POST") as answer:
        page.fill("#title", title)
        page.fill("#text", text)  # the input event: the widget scores after its debounce
    report = answer.value.json()
    expect(page.locator(".cw-sentence")).to_have_count(len(report["sentences"]))
    return report


def marks(page) -> list[dict]:
    return page.eval_on_selector_all(
        ".cw-sentence", "nodes => nodes.map(n => ({text: n.textContent, label: n.dataset.label}))")


def test_the_seed_is_highlighted_with_flags_and_tooltips(browser, demo_server):
    page, errors = open_demo(browser, demo_server)
    with page.expect_response(lambda r: r.url.endswith("/score")) as answer:
        page.click("#load-seed")
    report = answer.value.json()
    page.wait_for_selector(".cw-sentence")

    rendered = marks(page)
    assert [m["text"] for m in rendered] == [s["text"] for s in report["sentences"]]
    assert [m["label"] for m in rendered] == [s["label"] for s in report["sentences"]]
    assert {"text": TWEET, "label": "social"} in rendered
    # the panel shows the scored text exactly, highlights in place
    assert page.text_content(".cw-article") == page.input_value("#text")

    flags = page.eval_on_selector_all(
        ".cw-flag", "nodes => nodes.map(n => ({code: n.dataset.code, id: n.textContent, en: n.title}))")
    assert [f["code"] for f in flags] == [f["code"] for f in report["summary"]["flags"]]
    hedged = next(f for f in flags if f["code"] == "headline_hedged")
    assert hedged["id"].startswith("Judul memakai kata kabar burung") and hedged["en"].startswith("The headline")
    assert page.text_content(".cw-score") == f"Skor: {report['credibility']['score']}/100"
    assert page.text_content(".cw-grade") == f"Nilai {report['credibility']['grade']}"
    assert page.locator(".cw-legend-item").count() == 8

    page.locator(".cw-sentence", has_text="cuit Hurst").hover()
    tooltip = page.locator(".cw-tooltip")
    assert tooltip.is_visible()
    tip = tooltip.inner_text()
    assert "Media sosial (Social media)" in tip and "Sumber: Hurst" in tip and "cuit" in tip
    assert "Keyakinan: " in tip and "%" in tip
    assert errors == []


def test_emoji_and_astral_characters_do_not_shift_highlights(browser, demo_server):
    page, errors = open_demo(browser, demo_server)
    text = ("😀👍🏽 Pembuka 🇮🇩 berita. 𝕏 Rusia dikabarkan telah menduduki sejumlah kota di Ukraina.\n"
            "🙂 Tetapi pihak China membantah telah melakukannya 🤔.")
    report = score_typed(page, "Judul 😀 uji", text)
    rendered = marks(page)
    assert [m["text"] for m in rendered] == [s["text"] for s in report["sentences"]]
    assert rendered[-1]["text"] == "🙂 Tetapi pihak China membantah telah melakukannya 🤔."
    assert page.text_content(".cw-article") == text
    assert errors == []


HOSTILE = ('<script>window.__pwned=1</script> Rusia dikabarkan menduduki kota. '
           '<img src=x onerror="window.__pwned=1"> Tetapi pihak China membantah telah melakukannya. '
           '<svg onload="window.__pwned=1"></svg> "><iframe src="javascript:window.__pwned=1">')


def test_an_article_with_markup_runs_nothing(browser, demo_server):
    # bypass_csp: the demo page's policy would block inline handlers on its own; this test is
    # about the widget, which must be safe on a CMS page without any policy.
    page, errors = open_demo(browser, demo_server, bypass_csp=True)
    report = score_typed(page, '<img src=x onerror="window.__pwned=1">', HOSTILE)
    page.locator(".cw-sentence").first.hover()
    page.wait_for_timeout(300)  # time for an image error or a script to have run, had one been made
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(".cw-article img, .cw-article script, .cw-article svg, .cw-article iframe").count() == 0
    assert page.text_content(".cw-article") == HOSTILE
    assert [m["text"] for m in marks(page)] == [s["text"] for s in report["sentences"]]
    assert errors == []


def test_the_widget_sends_its_key_as_a_bearer_token(browser, keyed_server):
    page, _ = open_demo(browser, keyed_server)  # the demo's own widget has no key: its 401 is logged
    page.evaluate("""key => { window.keyed = CredibilityWidget.attach({
        target: '#text', apiUrl: location.origin + '/', apiKey: key, debounceMs: 50, container: '#widget'}); }""",
                  TEST_API_KEY)
    with page.expect_request(lambda r: r.url.endswith("/score") and
                             r.headers.get("authorization") == f"Bearer {TEST_API_KEY}") as sent:
        page.fill("#text", "Rusia dikabarkan telah menduduki sejumlah kota di Ukraina.")
    assert json.loads(sent.value.post_data) == {"title": None,
                                                "text": "Rusia dikabarkan telah menduduki sejumlah kota di Ukraina."}
    unkeyed, keyed = page.locator(".cw-panel").all()
    expect(keyed.locator(".cw-sentence")).to_have_count(1)
    expect(unkeyed.locator(".cw-status")).to_have_text("Gagal menilai: send an API key: "
                                                       "Authorization: Bearer <key> or X-API-Key: <key>")


def score_answer(page):
    """Expect the widget's next scoring answer (not a CORS preflight)."""
    return page.expect_response(lambda r: r.url.endswith("/score") and r.request.method == "POST")


def test_the_demo_scores_with_the_key_typed_into_its_key_field(browser, keyed_server):
    page, errors = open_demo(browser, keyed_server)
    sent = []
    page.on("request", lambda request: sent.append(request))
    page.fill("#api-key", TEST_API_KEY)
    page.press("#api-key", "Enter")  # submits nothing: the key never becomes part of a URL
    with score_answer(page) as answer:
        page.click("#load-seed")
    assert answer.value.status == 200
    assert answer.value.request.headers["authorization"] == f"Bearer {TEST_API_KEY}"
    expect(page.locator(".cw-sentence")).to_have_count(len(answer.value.json()["sentences"]))
    assert {"text": TWEET, "label": "social"} in marks(page)
    assert page.url == keyed_server + "/"
    assert sent and not [r.url for r in sent if TEST_API_KEY in r.url or TEST_API_KEY in (r.post_data or "")]
    assert errors == []


def test_the_demo_with_a_wrong_key_says_so_and_scores_once_the_key_is_corrected(browser, keyed_server):
    page, errors = open_demo(browser, keyed_server)
    page.fill("#api-key", "not-the-key-0123456789")
    with score_answer(page) as refused:
        page.click("#load-seed")
    assert refused.value.status == 401
    expect(page.locator(".cw-status")).to_have_text("Gagal menilai: the API key is not valid")
    expect(page.locator(".cw-score")).to_have_text("Skor: –")
    assert page.locator(".cw-sentence").count() == 0 and page.input_value("#text").startswith("MOSKOW")
    assert errors == [REFUSED_FETCH]  # the refused request itself, and nothing broken on the page

    with score_answer(page) as answer:
        page.fill("#api-key", TEST_API_KEY)
        page.press("#api-key", "Tab")  # the key field's change: the same article again, with the new key
    assert answer.value.status == 200
    expect(page.locator(".cw-sentence")).to_have_count(len(answer.value.json()["sentences"]))
    expect(page.locator(".cw-status")).to_have_text("")
    assert errors == [REFUSED_FETCH]


CMS_PAGE = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>CMS</title><link rel="icon" href="data:,"></head>
<body>
<h1 id="headline" contenteditable="true"></h1>
<div id="body" contenteditable="true"></div>
<script src="{api}/static/credibility-widget.js"></script>
<script>CredibilityWidget.attach({{target: "#body", titleTarget: "#headline", apiUrl: "{api}", debounceMs: 800}});</script>
</body></html>"""
# Astral characters ahead of the seed: every highlight after them is off by four UTF-16 units
# unless the widget maps the API's code-point offsets.
ASTRAL_LINE = "🇮🇩 𝕏 Catatan redaksi 😀."
INJECTED = '<img src=x onerror="window.__pwned=1">'


def test_the_widget_on_a_contenteditable_cms_page(browser, demo_server, cms_server, seed):
    """A CMS page on another origin (CORS), its headline and body contenteditable: typed, pasted, hostile."""
    cms_server.replies = [(200, {}, CMS_PAGE.format(api=demo_server).encode())]
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=cms_server.url)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    posted: list[dict] = []
    page.on("request", lambda r: posted.append(json.loads(r.post_data))
            if r.url.endswith("/score") and r.method == "POST" else None)
    page.goto(f"{cms_server.url}/editor")
    page.wait_for_selector(".cw-panel")

    # Typed key by key: one request, once the editor pauses, with both fields' text.
    page.click("#headline")
    page.keyboard.type(seed["title"])  # nothing is scored while the body is empty
    with score_answer(page):
        page.click("#body")
        page.keyboard.type("Polisi menyatakan jalan ditutup.")
    assert posted == [{"title": seed["title"], "text": "Polisi menyatakan jalan ditutup."}]
    expect(page.locator(".cw-sentence")).to_have_count(1)

    # Pasted over it: the lines the editor shows are the text scored, highlights in place.
    pasted = ASTRAL_LINE + "\n" + seed["text"]
    page.evaluate("text => navigator.clipboard.writeText(text)", pasted)
    with score_answer(page) as answer:
        page.keyboard.press("Control+A")
        page.keyboard.press("Control+V")
    report = answer.value.json()
    assert posted[-1]["text"] == pasted and len(posted) == 2
    expect(page.locator(".cw-sentence")).to_have_count(len(report["sentences"]))
    rendered = marks(page)
    assert [m["text"] for m in rendered] == [s["text"] for s in report["sentences"]]
    assert {"text": TWEET, "label": "social"} in rendered
    assert page.text_content(".cw-article") == pasted

    # Markup typed into the article is text: it shows as text and runs nothing, here or in the panel.
    with score_answer(page) as answer:
        page.keyboard.press("Control+End")
        page.keyboard.type(" " + INJECTED)
    assert posted[-1]["text"].endswith(INJECTED)
    expect(page.locator(".cw-article")).to_have_text(posted[-1]["text"])
    page.wait_for_timeout(300)  # time for an image error to have fired, had an image been made
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img").count() == 0
    assert errors == []
    context.close()
