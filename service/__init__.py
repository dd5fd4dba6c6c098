"""The source-credibility scoring service for Indonesian news.

``create_app`` is the application factory gunicorn starts as ``service:create_app()``. It
is imported on first use, so that ``service.client`` (all a CMS plugin needs) loads
without Flask or scikit-learn.
"""

__all__ = ["create_app"]


def __getattr__(name: str):
    if name == "create_app":
        from service.app import create_app

        return create_app
    raise AttributeError(f"module 'service' has no attribute {name!r}")
