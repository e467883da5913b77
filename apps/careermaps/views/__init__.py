"""The career map's pages, one module per tab (the app is large enough to split)."""
