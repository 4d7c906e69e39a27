"""A real Dovecot for the IMAP tests: an ordinary process in a temporary directory with its own
configuration, a passwd-file user and a Maildir, listening on a free loopback port."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from imapclient import IMAPClient

from tests.conftest import free_port

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "privacy", "s3cret-test-password"
DH = "/usr/share/dovecot/dh.pem"  # Diffie-Hellman parameters shipped by Debian's dovecot-core

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
{ssl}
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = 0
mail_location = maildir:{root}/mail/%u
{extra}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/passwd
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
  }}
}}
service anvil {{
  chroot =
}}
service auth {{
  user = {internal_user}
}}
service auth-worker {{
  user = {internal_user}
}}
"""


SSL = """\
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
ssl_dh = <{dh}
ssl_min_protocol = TLSv1.2"""


class Dovecot:
    """`tls=True`: a self-signed certificate for 127.0.0.1 (`self.cert`), implicit TLS on
    `self.tls_port` and STARTTLS on `self.port` (plaintext login stays allowed there for the
    test client)."""

    def __init__(self, *, capabilities: str = "", tls: bool = False) -> None:
        # A short path: Dovecot's unix sockets live under base_dir (108-byte path limit).
        self.root = Path(tempfile.mkdtemp(prefix="dv-", dir="/tmp"))
        self.root.chmod(0o755)  # the mail user must traverse it
        self.port = free_port()
        self.tls_port = free_port() if tls else 0
        self.cert = self.root / "cert.pem"
        if tls:
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                            "-keyout", str(self.root / "key.pem"), "-out", str(self.cert)],
                           check=True, capture_output=True)
        self.proc: subprocess.Popen[bytes] | None = None
        me = pwd.getpwuid(os.getuid())
        if os.getuid() == 0:
            # Dovecot refuses to run login processes (and mail access) as root: use its own
            # unprivileged user for those, as the Debian package does.
            mail = pwd.getpwnam("dovenull") if _has_user("dovenull") else pwd.getpwnam("nobody")
            internal = login = "root"
            login = mail.pw_name
        else:
            mail, internal, login = me, me.pw_name, me.pw_name
        group = _group_name(pwd.getpwnam(internal).pw_gid)
        extra = f"imap_capability = {capabilities}" if capabilities else ""
        (self.root / "dovecot.conf").write_text(CONFIG.format(
            root=self.root, port=self.port, internal_user=internal, internal_group=group,
            login_user=login, extra=extra, tls_port=self.tls_port,
            ssl=SSL.format(root=self.root, dh=DH) if tls else "ssl = no"))
        (self.root / "passwd").write_text(
            f"{USER}:{{PLAIN}}{PASSWORD}:{mail.pw_uid}:{mail.pw_gid}::{self.root}/home::\n")
        for d in ("mail", "home"):
            (self.root / d).mkdir()
            os.chown(self.root / d, mail.pw_uid, mail.pw_gid)

    def start(self) -> Dovecot:
        # Its own process group: stop() ends the master and every imap process it started.
        self.proc = subprocess.Popen([DOVECOT, "-F", "-c", str(self.root / "dovecot.conf")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + 30
        while True:
            assert self.proc.poll() is None, self.log()
            try:
                self.client().logout()
                return self
            except Exception:
                assert time.monotonic() < deadline, "dovecot did not start:\n" + self.log()
                time.sleep(0.1)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop the server; SIGKILL is a crash: every connection drops at once."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            self.proc.wait(timeout=30)
        if self.proc:
            with contextlib.suppress(ProcessLookupError):  # imap processes still draining
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc = None

    def cleanup(self) -> None:
        self.stop(signal.SIGKILL)  # nothing to flush: the directory goes too
        shutil.rmtree(self.root, ignore_errors=True)

    def log(self) -> str:
        p = self.root / "dovecot.log"
        return p.read_text(errors="replace")[-4000:] if p.exists() else ""

    def client(self) -> IMAPClient:
        c = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=10)
        c.normalise_times = False
        c.login(USER, PASSWORD)
        return c

    def append(self, raw: bytes, folder: str = "INBOX", when=None) -> None:  # type: ignore[no-untyped-def]
        c = self.client()
        try:
            if not c.folder_exists(folder):
                c.create_folder(folder)
            c.append(folder, raw, msg_time=when)
        finally:
            c.logout()

    def uids(self, folder: str) -> dict[int, tuple[bytes, ...]]:
        """UID -> flags of every message in `folder`."""
        c = self.client()
        try:
            if not c.folder_exists(folder):
                return {}
            c.select_folder(folder, readonly=True)
            return {u: d[b"FLAGS"] for u, d in c.fetch(c.search(), ["FLAGS"]).items()}
        finally:
            c.logout()


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def _group_name(gid: int) -> str:
    import grp

    return grp.getgrgid(gid).gr_name
