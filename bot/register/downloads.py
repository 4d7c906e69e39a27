"""Single-use, expiring download links (`/x/{token}`) for access and portability exports.

The token is signed (`bot.runtime.tokens`, purpose DOWNLOAD) and only its SHA-256 is stored; the ZIP
is kept in the database (any instance can serve it) and cleared once downloaded or expired.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from pathlib import Path

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.runtime import Runtime
from bot.runtime.tokens import Purpose, TokenError, sign, unsign
from models import Case, DownloadLink


class LinkUsed(TokenError):
    """The link was already used once."""


class LinkExpired(TokenError):
    """The link's time ran out (the export is gone)."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_link(s: Session, rt: Runtime, *, path: Path, filename: str, kind: str,
                case: Case | None = None) -> tuple[str, DownloadLink]:
    """Store the ZIP behind a new link; returns the token (never stored) and the row."""
    now = rt.clock.now()
    token = sign(rt.settings, Purpose.DOWNLOAD, {"n": secrets.token_urlsafe(16)})
    content = path.read_bytes()
    link = DownloadLink(token_hash=_hash(token), case_id=case.id if case else None, kind=kind,
                        filename=filename, content=content, size=len(content), created_at=now,
                        expires_at=now + timedelta(days=rt.settings.execution.download_link_days))
    s.add(link)
    s.flush()
    return token, link


def link_url(rt: Runtime, token: str) -> str:
    return f"{rt.settings.web.base_url.rstrip('/')}/x/{token}"


def peek(s: Session, rt: Runtime, token: str) -> DownloadLink:
    """The link behind a token if it can still be downloaded (for the confirmation page)."""
    unsign(rt.settings, Purpose.DOWNLOAD, token)  # forged or altered: TokenError
    link = s.exec(select(DownloadLink).where(DownloadLink.token_hash == _hash(token))).first()
    if link is None:
        raise TokenError("unknown link")
    if link.used_at is not None:
        raise LinkUsed("already downloaded")
    if link.expires_at <= rt.clock.now() or link.content is None:
        raise LinkExpired("link expired")
    return link


def open_download(s: Session, rt: Runtime, token: str) -> tuple[str, bytes]:
    """Consume the link: (filename, ZIP bytes) once; LinkUsed / LinkExpired / TokenError after."""
    link = peek(s, rt, token)
    filename, content = link.filename, link.content
    # Claim it with a conditional update, so two simultaneous clicks cannot both download.
    claimed = s.exec(
        update(DownloadLink)
        .where(col(DownloadLink.id) == link.id, col(DownloadLink.used_at).is_(None))
        .values(used_at=rt.clock.now(), content=None)
    ).rowcount
    if not claimed:
        raise LinkUsed("already downloaded")
    assert content is not None
    return filename, content


def purge_expired(s: Session, rt: Runtime) -> int:
    """Drop the content of expired links (the scheduler's sweep); returns how many."""
    result = s.exec(
        update(DownloadLink)
        .where(col(DownloadLink.expires_at) <= rt.clock.now(), col(DownloadLink.content).is_not(None))
        .values(content=None)
    )
    return int(result.rowcount or 0)
