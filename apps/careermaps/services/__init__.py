"""Writes to career maps: one module per part of the map."""
