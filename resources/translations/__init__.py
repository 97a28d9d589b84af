"""Compiled translations (celldeck_<lang>.qm) and their sources (.ts)."""
