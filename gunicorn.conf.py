"""gunicorn settings for the scoring service: `gunicorn -c gunicorn.conf.py 'service:create_app()'`.

Sync workers (scoring is CPU-bound, so threads only add GIL contention), the app preloaded
in the master so workers share the model's memory, logs to stderr. HOST, PORT and
WEB_CONCURRENCY come from the environment through service.config, which refuses bad values
with one line.
"""

import sys

from service.config import ConfigError, ServerSettings

try:
    _settings = ServerSettings.from_env()
except ConfigError as error:
    sys.exit(f"sumber: cannot start: {error}")

bind = f"{_settings.host}:{_settings.port}"
workers = _settings.workers
worker_class = "sync"
preload_app = True
timeout = 30
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
# The app writes the access line itself (service/access_log.py: request id, sizes, article
# ids and labels, never the text); gunicorn's own line would only double it.
accesslog = None
errorlog = "-"
