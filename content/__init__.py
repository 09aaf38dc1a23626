"""The guide and its data: lessons, worksheets, scenarios and phrase lists (no code)."""
