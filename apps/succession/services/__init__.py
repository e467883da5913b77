"""Succession writes, one module per part."""
