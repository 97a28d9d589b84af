"""Entry point of the frozen CellDeck (PyInstaller): the same ``celldeck`` console script."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
