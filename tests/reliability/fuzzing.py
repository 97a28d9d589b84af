"""Hypothesis helpers: documents mutated the way people get files wrong (a value of the
wrong type or out of range, a key missing, a key misspelt), written back as TOML."""

from __future__ import annotations

import math
import os
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# CELLDECK_FUZZ_EXAMPLES=5000 searches longer (and randomly) on a developer's machine.
_EXAMPLES = os.environ.get("CELLDECK_FUZZ_EXAMPLES")


def fuzz(examples: int) -> settings:
    """Modest and repeatable by default: the reliability suite stays well under a
    minute, and CI never turns red on an example it did not try before."""
    return settings(
        max_examples=int(_EXAMPLES) if _EXAMPLES else examples,
        deadline=None,
        derandomize=not _EXAMPLES,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


Path = tuple[str | int, ...]

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=24)
# Numbers at and beyond every edge: huge integers (no float can hold them), NaN, infinity.
NUMBERS = st.one_of(
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 1, 65, 1e308, -1e-308, 2**63]),
)
SCALARS = st.one_of(TEXT, NUMBERS, st.booleans())
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)


def paths(document: Any, prefix: Path = ()) -> list[Path]:
    """Every path to a value in a nested dict/list document (the root excluded)."""
    found: list[Path] = []
    items = (
        document.items()
        if isinstance(document, dict)
        else enumerate(document)
        if isinstance(document, list)
        else ()
    )
    for key, value in items:
        path = (*prefix, key)
        found.append(path)
        found.extend(paths(value, path))
    return found


def _parent(document: Any, path: Path) -> Any:
    node = document
    for part in path[:-1]:
        node = node[part]
    return node


def _copy(document: Any) -> Any:
    if isinstance(document, dict):
        return {k: _copy(v) for k, v in document.items()}
    if isinstance(document, list):
        return [_copy(v) for v in document]
    return document


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, Any], tokens: list[Any] | None = None) -> Any:
    """``base`` with one to three mistakes: a value replaced (by a random value or a
    word that means something elsewhere in the file), a key removed, a key added."""
    document = _copy(base)
    replacements = VALUES if not tokens else st.one_of(VALUES, st.sampled_from(tokens))
    for _ in range(draw(st.integers(1, 3))):
        every = paths(document)
        if not every:
            break
        path = draw(st.sampled_from(every))
        parent = _parent(document, path)
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(replacements)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(TEXT | st.sampled_from(["id", "type", "kind", "limit"]))] = draw(
                replacements
            )
        else:
            parent.append(draw(replacements))
    return document


def _string(text: str) -> str:
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{_string(str(k))} = {toml_value(v)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    raise TypeError(f"no TOML for {value!r}")


def to_toml(document: Any) -> str:
    """A document as TOML text: top-level keys as lines, everything below inline."""
    if not isinstance(document, dict):
        return f"value = {toml_value(document)}\n"
    return "".join(f"{_string(str(k))} = {toml_value(v)}\n" for k, v in document.items())
