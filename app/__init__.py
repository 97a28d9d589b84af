"""CellDeck's plant logic: configuration, station core, records. Imports hardware, never ui."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("celldeck")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
