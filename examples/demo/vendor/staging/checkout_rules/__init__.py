"""Pricing rules of the demo checkout (vendored per environment)."""
__version__ = "2.4.0"
