"""privacy-request-bot: takes privacy requests by email and handles them within the law's deadlines."""

__version__ = "0.1.0"
