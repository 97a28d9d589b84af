"""CellDeck's Qt side: the only layer that draws. Reads app state, sends app commands."""
