"""Service configuration: one object read from environment variables with safe defaults."""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

_VERSIONED_FOLDER = re.compile(r"[a-z][a-z0-9_]*-(\d{4}\.\d{2}\.\d{2}(?:\.\d+)?)")
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

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "Config":
        """Read and validate the environment; raise ConfigError naming the bad variable."""
        model_dir = environ.get("MODEL_DIR")
        return cls(
            model_dir=Path(model_dir) if model_dir else default_model_dir(),
            max_body_bytes=_positive_int(environ, "MAX_BODY_BYTES", cls.max_body_bytes),
            max_sentences=_positive_int(environ, "MAX_SENTENCES", cls.max_sentences),
            log_level=_log_level(environ.get("LOG_LEVEL", cls.log_level)),
        )


@dataclass(frozen=True)
class ServerSettings:
    """What gunicorn.conf.py reads: where to listen and how many workers to run."""

    host: str = "0.0.0.0"
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
