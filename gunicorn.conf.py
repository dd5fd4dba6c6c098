"""gunicorn settings for the scoring service: `gunicorn -c gunicorn.conf.py 'service:create_app()'`.

Sync workers (scoring is CPU-bound, so threads only add GIL contention), the app preloaded
in the master so workers share the model's memory, logs to stderr. HOST, PORT and
WEB_CONCURRENCY come from the environment through service.config, which refuses bad values
with one line. Metrics are kept in PROMETHEUS_MULTIPROC_DIR so that /metrics adds up
every worker (see service/metrics.py).
"""

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

# prometheus_client decides at import whether samples go to multiprocess files, and it is
# imported below (and again by the app gunicorn preloads): the directory must be in the
# environment first. An operator's directory is emptied of the last run's samples;
# without one, a fresh directory is made and removed when the master exits.
_metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _metrics_dir:
    Path(_metrics_dir).mkdir(parents=True, exist_ok=True)
    for _stale in Path(_metrics_dir).glob("*.db"):
        _stale.unlink()
else:
    _metrics_dir = os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="sumber-metrics-")
    _master_pid = os.getpid()

    def _remove_metrics_dir():
        # Workers are forked from the master and inherit this handler: only the master removes.
        if os.getpid() == _master_pid:
            shutil.rmtree(_metrics_dir, ignore_errors=True)

    atexit.register(_remove_metrics_dir)

from prometheus_client import multiprocess  # noqa: E402  (after the directory is set)

from service.config import ConfigError, ServerSettings  # noqa: E402

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
# gunicorn ≥ 25 opens a control socket (~/.gunicorn/gunicorn.ctl) through which anyone with
# the user's rights can resize or stop the server, one path shared by every instance the
# user runs. The service is managed by signals from its supervisor (SIGTERM, SIGHUP), so
# that surface stays closed.
control_socket_disable = True


def child_exit(server, worker):
    """A worker has exited (recycled, killed or crashed): its live-gauge files go; its counts stay."""
    multiprocess.mark_process_dead(worker.pid)
