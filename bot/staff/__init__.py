"""Staff accounts: argon2 password hashes, lock-out after failed logins, server-side sessions."""
