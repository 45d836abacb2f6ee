"""Queries over the projected timeline: filters, plain-English questions, SQL, entry serialisation."""
