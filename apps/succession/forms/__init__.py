"""Succession forms, one module per part."""
