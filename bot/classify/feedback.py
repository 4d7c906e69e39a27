"""Staff corrections of the classifier, kept as labelled examples for the next `train`.

Called where staff reclassify a message (the web queue): `record_correction(settings, ...)`.
The example is the text the classifier read (subject + new text), so training sees what it saw.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.classify.corpus import save_feedback
from bot.classify.messagetext import classified_text
from bot.mail.parse import ParsedMessage

if TYPE_CHECKING:  # the settings module costs ~0.5 s of start-up
    from bot.runtime.config import Settings


def record_correction(settings: Settings, parsed: ParsedMessage, *, kinds: list[str], language: str,
                      actor: str, when: datetime, note: str = "") -> Path:
    """Append the corrected labels of one message to `[classifier] feedback_dir`."""
    subject, body = classified_text(parsed.subject, parsed.text, parsed.new_text)
    return save_feedback(Path(settings.classifier.feedback_dir), subject=subject, text=body, kinds=kinds,
                         language=language, actor=actor, when=when, note=note)
