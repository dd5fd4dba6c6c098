#!/usr/bin/env bash
# Build a local stand-in for the Dockerfile's base image, python:3.11-slim, from Debian
# packages, for a host that reaches Debian's mirror but not docker.io (this machine):
#
#     container/stand_in_base.sh [TAG]        # default localhost/debian-python:3.11
#     make image-test BASE=localhost/debian-python:3.11
#
# Debian 12's python3.11 and pip, `python` on the PATH as in the official image, pip allowed
# to install into the system Python (the official image's Python is not Debian's), and the
# host's CA bundle, so that pip reaches PyPI through the same TLS setup as the host. Only
# the base differs from the shipped image; everything the Dockerfile does runs as written.
set -euo pipefail
tag="${1:-localhost/debian-python:3.11}"
rootfs="$(mktemp -d)"
trap 'rm -rf "$rootfs"' EXIT
debootstrap --variant=minbase --include=python3.11,python3-pip,python-is-python3,ca-certificates \
    bookworm "$rootfs" http://deb.debian.org/debian >/dev/null
cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
tar -C "$rootfs" -c . | podman import \
    --change 'ENV PIP_BREAK_SYSTEM_PACKAGES=1' \
    --change 'ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt' \
    --change 'CMD ["python"]' - "$tag" >/dev/null
echo "$tag"
