"""briefgen: one-page briefings from verified fact packs."""

__version__ = "0.1.0"
