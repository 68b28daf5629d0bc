"""Benchmark commands that print figures (detection quality, speed, memory)."""
