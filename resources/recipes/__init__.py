"""Master recipes shipped with CellDeck (ISA-88 procedures as TOML)."""
