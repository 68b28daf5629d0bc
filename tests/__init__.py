"""Test suite: unit, addon and end-to-end layers."""
