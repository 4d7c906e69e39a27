"""Configuration: the file, environment overrides, and clear errors naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.runtime.config import ConfigError, load_settings

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_config_loads_with_interface_keys() -> None:
    s = load_settings(ROOT / "config.toml", environ={})
    assert s.smtp.listen == "127.0.0.1:2525"
    assert s.smtp.max_message_bytes == 26214400
    assert s.mailboxes.addresses == ["info@xcure.fi"]
    assert s.imap.enabled is False
    assert s.web.listen == "127.0.0.1:8080"
    assert s.database.url == "sqlite:///data/bot.sqlite3"
    assert s.outbound.relay == "" and s.outbound.maildir == "data/outbox"
    assert s.controller.business_id == "2029713-9"
    assert [p.name for p in s.register.processors][:3] == ["HubSpot Inc.", "Google Inc.", "Microsoft Inc."]


def test_environment_overrides_any_key() -> None:
    s = load_settings(ROOT / "config.toml", environ={
        "BOT_DATABASE__URL": "postgresql://u@h/db",
        "BOT_SMTP__LISTEN": "0.0.0.0:25",
        "BOT_SMTP__MAX_MESSAGE_BYTES": "1000",
        "BOT_MAILBOXES__ADDRESSES": '["Privacy@Example.com"]',
        "BOT_IMAP__ENABLED": "true",
    })
    assert s.database.url == "postgresql://u@h/db"
    assert s.smtp.listen == "0.0.0.0:25"
    assert s.smtp.max_message_bytes == 1000
    assert s.mailboxes.addresses == ["privacy@example.com"]
    assert s.imap.enabled is True


@pytest.mark.parametrize(("env", "key"), [
    ({"BOT_SMTP__LISTEN": "nonsense"}, "smtp.listen"),
    ({"BOT_SMTP__MAX_MESSAGE_BYTES": "-5"}, "smtp.max_message_bytes"),
    ({"BOT_SMTP__LISTN": "1.2.3.4:25"}, "smtp.listn"),
    ({"BOT_DEADLINES__TIMEZONE": "Mars/Olympus"}, "deadlines.timezone"),
    ({"BOT_OUTBOUND__RELAY": "relay-without-port"}, "outbound.relay"),
])
def test_wrong_setting_names_the_key(env: dict[str, str], key: str) -> None:
    with pytest.raises(ConfigError) as e:
        load_settings(ROOT / "config.toml", environ=env)
    assert key in str(e.value)


def test_wrong_file_stops_startup_with_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[smtp]\nlisten = "x"\n')
    assert main(["--config", str(bad), "run"]) == 2
    assert "smtp.listen" in capsys.readouterr().err
    assert main(["--config", str(tmp_path / "missing.toml"), "run"]) == 2
    assert "not found" in capsys.readouterr().err
