"""Temporal expressions: calendar arithmetic, word lists and patterns behind `timeline.extraction.dates`."""
