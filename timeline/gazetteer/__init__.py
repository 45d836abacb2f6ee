"""Offline gazetteer: index build/load, toponym mentions, disambiguation, hierarchy, search, CLI sub-app."""

from timeline.gazetteer.cli import gazetteer_app
from timeline.gazetteer.folding import fold, skeleton
from timeline.gazetteer.gazetteer import Gazetteer
from timeline.gazetteer.model import GazetteerEntry, Mention

__all__ = ["Gazetteer", "GazetteerEntry", "Mention", "fold", "gazetteer_app", "skeleton"]
