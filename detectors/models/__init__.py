"""Learned models shipped with the detectors: code, committed weights and their provenance."""
