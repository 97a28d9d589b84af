#!/bin/sh
# Build CellDeck's Linux installers into dist/: the portable tarball and the .deb.
# One command from a checkout; see packaging/README.md. Extra arguments go to build.py.
set -eu
cd "$(dirname "$0")/.."
exec "${PYTHON:-python3}" packaging/build.py "$@"
