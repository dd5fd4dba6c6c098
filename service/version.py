"""The service's name and version, as every response and the client's User-Agent give them.

A module of its own so that the client can name itself without importing the service.
"""

SERVICE_NAME = "sumber"
SERVICE_VERSION = "0.2.0"
