"""Succession views, one module per part."""
