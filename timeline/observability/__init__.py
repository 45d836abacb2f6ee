"""Logs and metrics: how the running service reports on itself (logs.py, metrics.py)."""
