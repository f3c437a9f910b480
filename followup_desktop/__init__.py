"""Follow-up Desk: an offline desktop app for interview follow-ups."""

__version__ = "0.1.0"
APP_NAME = "Follow-up Desk"
