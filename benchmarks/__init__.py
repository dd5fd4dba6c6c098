"""Benchmarks that print figures (run with `make bench`); never timed unit tests."""
