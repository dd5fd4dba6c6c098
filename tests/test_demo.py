"""GET /: the demo page and the static files it needs, through the Flask test client."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import SEED_PATH

STATIC = Path(__file__).resolve().parents[1] / "service" / "static"


def test_the_demo_page_is_html_under_a_strict_policy(client):
    response = client.get("/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    response.close()
    assert '<script src="/static/credibility-widget.js"' in page and '<textarea id="text"' in page
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    # no inline script or handler that the policy would block
    assert "<script>" not in page and " on" not in page.replace(" one", "")


def test_the_key_field_is_masked_and_never_a_form_value(client):
    """A field without a name is never serialised into a form's URL; the widget sends the key as a header."""
    response = client.get("/")
    page = response.get_data(as_text=True)
    response.close()
    [field] = re.findall(r'<input id="api-key"[^>]*>', page)
    assert 'type="password"' in field and 'autocomplete="off"' in field and "name=" not in field


def test_the_page_needs_only_static_files_that_exist(app):
    app.test_client_class = None  # Flask's own client: static files are not in the API document
    client = app.test_client()
    for name in ("credibility-widget.js", "demo.js", "demo.css", "favicon.svg", "kompas_kim_putin.txt"):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200, name
        response.close()


def test_the_seed_copy_is_the_shared_seed():
    """The page serves a copy so it works without ../shared; it must not drift from the original."""
    assert (STATIC / "kompas_kim_putin.txt").read_bytes() == SEED_PATH.read_bytes()


def test_the_widget_never_writes_html():
    script = (STATIC / "credibility-widget.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "setAttribute(\"style\""):
        assert sink not in script, sink
