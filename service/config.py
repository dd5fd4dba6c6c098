"""Service configuration: one object read from environment variables with safe defaults."""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

_VERSIONED_FOLDER = re.compile(r"[a-z][a-z0-9_]*-(\d{4}\.\d{2}\.\d{2}(?:\.\d+)?)")
# What a key may hold: printable ASCII without spaces, so it fits a header unchanged.
_API_KEY = re.compile(r"[!-~]{16,256}")
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d{1,5})?")
_SWITCH = {"1": True, "true": True, "yes": True, "on": True,
           "0": False, "false": False, "no": False, "off": False, "": False}
MODELS_ROOT = Path(__file__).resolve().parent.parent / "models"


class ConfigError(ValueError):
    """An environment variable has a value the service cannot run with."""


@dataclass(frozen=True)
class Config:
    """Everything the service reads from its environment; see the README's table."""

    model_dir: Path
    max_body_bytes: int = 1_000_000
    max_sentences: int = 2_000
    log_level: str = "INFO"
    # Empty: the scoring endpoints are open. Otherwise a request must present one of these.
    api_keys: tuple[str, ...] = ()
    # Browser origins (scheme://host[:port]) allowed to call the API; empty: no CORS headers.
    cors_origins: tuple[str, ...] = ()
    max_batch_articles: int = 50
    # Article text is unpublished material: only a debugging operator puts it in the logs.
    log_text: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "Config":
        """Read and validate the environment; raise ConfigError naming the bad variable."""
        model_dir = environ.get("MODEL_DIR")
        return cls(
            model_dir=Path(model_dir) if model_dir else default_model_dir(),
            max_body_bytes=_positive_int(environ, "MAX_BODY_BYTES", cls.max_body_bytes),
            max_sentences=_positive_int(environ, "MAX_SENTENCES", cls.max_sentences),
            log_level=_log_level(environ.get("LOG_LEVEL", cls.log_level)),
            api_keys=_api_keys(environ),
            cors_origins=_cors_origins(environ.get("CORS_ORIGINS", "")),
            max_batch_articles=_positive_int(environ, "MAX_BATCH_ARTICLES", cls.max_batch_articles),
            log_text=_switch(environ, "LOG_TEXT"),
        )


@dataclass(frozen=True)
class ServerSettings:
    """What gunicorn.conf.py reads: where to listen and how many workers to run."""

    # Every interface: in its container the service must answer on the published port. HOST narrows it.
    host: str = "0.0.0.0"  # nosec B104
    port: int = 8000
    workers: int = 2

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "ServerSettings":
        port = _positive_int(environ, "PORT", cls.port)
        if port > 65535:
            raise ConfigError(f"PORT={port} is not a TCP port (1-65535)")
        return cls(
            host=environ.get("HOST") or cls.host,
            port=port,
            workers=_positive_int(environ, "WEB_CONCURRENCY", cls.workers),
        )


def default_model_dir(root: Path = MODELS_ROOT) -> Path:
    """The newest model folder under models/: folders are named <name>-<YYYY.MM.DD[.N]>."""
    versioned = [
        (tuple(int(part) for part in match.group(1).split(".")), path.parent)
        for path in root.glob("*/manifest.json")
        if (match := _VERSIONED_FOLDER.fullmatch(path.parent.name))
    ]
    if not versioned:
        return root / "missing"
    return max(versioned)[1]


def _positive_int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if value <= 0:
        raise ConfigError(f"{name}={raw!r} must be greater than zero")
    return value


def _log_level(raw: str) -> str:
    level = raw.upper()
    if level not in logging.getLevelNamesMapping():
        raise ConfigError(f"LOG_LEVEL={raw!r} is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
    return level


def _api_keys(environ: Mapping[str, str]) -> tuple[str, ...]:
    """API_KEYS (comma-separated) or API_KEYS_FILE (one key a line, # comments); not both."""
    inline, path = environ.get("API_KEYS", ""), environ.get("API_KEYS_FILE", "")
    if inline and path:
        raise ConfigError("set API_KEYS or API_KEYS_FILE, not both")
    if path:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(f"API_KEYS_FILE={path!r} cannot be read: {error}") from None
        keys, source = [line.strip() for line in lines if not line.lstrip().startswith("#")], "API_KEYS_FILE"
    else:
        keys, source = [key.strip() for key in inline.split(",")], "API_KEYS"
    keys = [key for key in keys if key]
    if (inline or path) and not keys:
        raise ConfigError(f"{source} holds no key; unset it to leave the API open")
    for number, key in enumerate(keys, 1):
        # The key itself never goes into a message: it may be in someone's terminal scrollback.
        if not _API_KEY.fullmatch(key):
            raise ConfigError(f"{source}: key {number} must be 16-256 printable ASCII characters without spaces")
    return tuple(dict.fromkeys(keys))


def _cors_origins(raw: str) -> tuple[str, ...]:
    origins = [origin.strip().rstrip("/") for origin in raw.split(",") if origin.strip()]
    for origin in origins:
        if not _ORIGIN.fullmatch(origin):
            raise ConfigError(f"CORS_ORIGINS: {origin!r} is not an origin like https://cms.example.id")
    return tuple(dict.fromkeys(origins))


def _switch(environ: Mapping[str, str], name: str) -> bool:
    raw = environ.get(name, "")
    if raw.strip().lower() not in _SWITCH:
        raise ConfigError(f"{name}={raw!r} is not a switch; use 1/0, true/false, yes/no or on/off")
    return _SWITCH[raw.strip().lower()]
