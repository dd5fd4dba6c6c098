"""The source-credibility scoring service for Indonesian news.

``create_app`` is the application factory gunicorn starts as ``service:create_app()``.
"""

from service.app import create_app

__all__ = ["create_app"]
