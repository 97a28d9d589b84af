"""Developer tools run by dev.py (not shipped with CellDeck)."""
