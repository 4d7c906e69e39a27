"""Classification: language, request kinds and automated mail (spaCy rules + trained textcat).

Entry point: `get_classifier(settings).classify_parsed(parsed) -> Classification`.
"""

from bot.classify.classifier import Classifier, get_classifier
from bot.classify.result import Classification

__all__ = ["Classification", "Classifier", "get_classifier"]
