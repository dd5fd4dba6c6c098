"""API keys: when the configuration holds any, a scoring endpoint needs one of them.

A client presents its key as ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``. The
presented key is compared with every configured key in constant time (hmac.compare_digest),
so neither the answer's timing nor an early exit tells how much of a guess was right.
"""

from __future__ import annotations

import hmac
from functools import wraps

from flask import current_app, request

from service.errors import APIError

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="sumber"'}


def requires_api_key(view):
    """Refuse the request with a JSON 401 unless it carries a configured key (or none is configured)."""

    @wraps(view)
    def guarded(*args, **kwargs):
        keys = current_app.config["SERVICE_CONFIG"].api_keys
        if keys:
            presented = presented_key()
            if presented is None:
                raise APIError(401, "send an API key: Authorization: Bearer <key> or X-API-Key: <key>",
                               headers=_CHALLENGE)
            if not is_known_key(presented, keys):
                raise APIError(401, "the API key is not valid", headers=_CHALLENGE)
        return view(*args, **kwargs)

    return guarded


def presented_key() -> str | None:
    """The key the request carries, from Authorization (Bearer) or X-API-Key; None without one.

    A Bearer Authorization header is the credential whenever it is there, even empty or
    wrong: falling back to X-API-Key would let a bad bearer token pass beside a good key.
    Other Authorization schemes (a proxy's Basic, say) are not ours and are ignored.
    """
    scheme, _, credentials = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() == "bearer":
        return credentials.strip() or None
    return request.headers.get("X-API-Key", "").strip() or None


def is_known_key(presented: str, keys: tuple[str, ...]) -> bool:
    """Whether ``presented`` is one of ``keys``, checking every key so timing does not depend on which."""
    candidate = presented.encode("utf-8", "surrogateescape")
    matched = False
    for key in keys:
        matched |= hmac.compare_digest(candidate, key.encode("ascii"))
    return matched
