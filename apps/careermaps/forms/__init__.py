"""Career-map forms, one module per tab."""
