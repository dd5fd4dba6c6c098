"""Builders: annotation sampling, training and evaluation. Never imported by ``service``."""
