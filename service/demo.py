"""GET /: the demo page, where an editor pastes an article and sees the credibility widget at work.

The page, its script and the widget are static files (service/static); this route adds a
Content-Security-Policy that allows scripts and styles from this origin only, so the page
proves that the widget needs no inline script or style to work.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app

demo = Blueprint("demo", __name__)

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
    "img-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
])


@demo.get("/")
def demo_page():
    """The demo page, served with a strict Content-Security-Policy."""
    # Read whole rather than streamed: the page is small, and no file handle outlives the
    # request even when a WSGI caller never closes the response.
    page = Path(current_app.static_folder, "demo.html").read_bytes()
    response = Response(page, mimetype="text/html")
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
