"""The station's recipe library: every master recipe file it knows, with its state on
this station.

Recipes come from the files shipped with CellDeck (``resources/recipes``) and, when the
plant file names one, the site's own folder (``[recipes] folder``). A file is read and
validated on its own, so a malformed one is listed with its problems and never stops
the others. Each valid recipe version is matched with the station's release record
(``app.records.recipe_releases``):

- released: QA released exactly this content here; batches may run it;
- changed since release: the version was released with other content (the file was
  edited afterwards); not runnable until a new version is released;
- withdrawn, not released, invalid file; and a version released here whose file is gone.

``RecipeLibrary`` is an immutable picture, replaced whole by the station core after a
scan or a release, so screens read it from the UI thread without a lock.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from app.batch.recipe import SHIPPED_RECIPES, Recipe, read_recipe, shipped_recipe_path
from app.records.recipe_releases import (
    RecipeIdentity,
    ReleaseReader,
    ReleaseRecord,
    ReleaseRefused,
)

Origin = Literal["shipped", "site"]


class StationState(enum.StrEnum):
    """A recipe version's state on this station (what the Recipes view shows)."""

    RELEASED = "released"
    NOT_RELEASED = "not released"
    WITHDRAWN = "withdrawn"
    CHANGED = "changed since release"
    RECORD_FAILED = "release record fails its check"
    INVALID = "invalid file"
    FILE_MISSING = "file missing"


@dataclass(frozen=True, slots=True)
class RecipeFile:
    """One recipe file as read: the recipe, or every problem that keeps it from use."""

    path: Path
    origin: Origin
    recipe: Recipe | None
    problems: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RecipeEntry:
    """One line of the library: a recipe version (or an invalid file) and its state."""

    state: StationState
    recipe_id: str
    version: str
    file: RecipeFile | None
    release: ReleaseRecord | None  # the version's newest release row, if any
    problem: str = ""  # why it may not run (or what is wrong with the file)
    release_refusal: str | None = None  # why it cannot be released now; None: it can

    @property
    def recipe(self) -> Recipe | None:
        return None if self.file is None else self.file.recipe

    @property
    def runnable(self) -> bool:
        return self.state is StationState.RELEASED

    @property
    def releasable(self) -> bool:
        return self.recipe is not None and self.release_refusal is None

    @property
    def withdrawable(self) -> bool:
        return self.release is not None and self.release.state == "released"

    @property
    def source(self) -> str:
        return "" if self.file is None else str(self.file.path)

    @property
    def label(self) -> str:
        if self.recipe_id:
            return f"{self.recipe_id} v{self.version}"
        return self.file.path.name if self.file is not None else "?"


@dataclass(frozen=True)
class RecipeLibrary:
    """Every recipe the station knows, with its state; immutable, safe from any thread."""

    entries: tuple[RecipeEntry, ...] = ()
    problems: tuple[str, ...] = ()  # the library as a whole (a missing site folder)

    def runnable(self) -> list[Recipe]:
        """Every version a batch may run now, by id then version."""
        found = [e.recipe for e in self.entries if e.runnable and e.recipe is not None]
        return sorted(found, key=lambda r: (r.id, version_key(r.version)))

    def by_id(self) -> dict[str, Recipe]:
        """The newest runnable version of each recipe id."""
        return {recipe.id: recipe for recipe in self.runnable()}  # sorted: newest last

    def entry(self, recipe_id: str, version: str) -> RecipeEntry | None:
        return next(
            (
                e
                for e in self.entries
                if (e.recipe_id, e.version) == (recipe_id, version) and e.recipe is not None
            ),
            None,
        )

    def find(self, recipe_id: str, content_hash: str) -> Recipe | None:
        """Any valid recipe file with this id and content (runnable or not): what a
        running batch started on, for screens that show its limits."""
        for entry in self.entries:
            recipe = entry.recipe
            if (
                recipe is not None
                and recipe.id == recipe_id
                and recipe.content_hash == content_hash
            ):
                return recipe
        return None


def entry_to_release(
    library: RecipeLibrary, recipe_id: str, version: str, shown_hash: str | None
) -> RecipeEntry:
    """The library entry QA is about to release, refused unless a valid file holds that
    version with the content QA was shown (``shown_hash``: its sha256, or at least its
    first 12 hex digits as the command line shows them; None when the caller shows the
    content itself before the signature)."""
    entry = library.entry(recipe_id, version)
    if entry is None or entry.recipe is None:
        raise ReleaseRefused(
            f"no valid recipe file holds {recipe_id} v{version}; see the list of recipes"
        )
    current = entry.recipe.content_hash
    if shown_hash is None:
        return entry
    shown = shown_hash.strip().lower()
    if len(shown) < 12 or not current.startswith(shown):
        raise ReleaseRefused(
            f"the file of {recipe_id} v{version} is not the content shown (sha256 now "
            f"{current[:12]}, shown {shown[:12] or 'none'}); look at it again before releasing"
        )
    return entry


def version_key(version: str) -> tuple[int, ...]:
    """ "1.10" sorts after "1.9"."""
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def identity_of(recipe: Recipe, source: str = "") -> RecipeIdentity:
    """What the release record keeps of a recipe."""
    return RecipeIdentity(
        recipe_id=recipe.id,
        version=recipe.version,
        content_hash=recipe.content_hash,
        name=recipe.name,
        file_status=recipe.status,
        source=source,
    )


def read_recipe_files(site_folder: Path | None = None) -> tuple[list[RecipeFile], list[str]]:
    """Read every shipped recipe file and every ``*.toml`` in the site folder; returns the
    files (each valid or with its problems) and problems of the library as a whole. Two
    files with the same id and version are both refused unless their content is equal
    (then the second is listed as a copy and not used)."""
    files = [_file(shipped_recipe_path(name), "shipped") for name in SHIPPED_RECIPES]
    problems: list[str] = []
    if site_folder is not None:
        if not site_folder.is_dir():
            problems.append(
                f"{site_folder}: the plant file's recipe folder is not there; only the "
                "shipped recipes are listed"
            )
        else:
            files += [_file(path, "site") for path in sorted(site_folder.glob("*.toml"))]
    return _refuse_duplicates(files), problems


def _file(path: Path, origin: Origin) -> RecipeFile:
    recipe, problems = read_recipe(path)
    return RecipeFile(path, origin, recipe, tuple(problems))


def _refuse_duplicates(files: list[RecipeFile]) -> list[RecipeFile]:
    first: dict[tuple[str, str], int] = {}
    result = list(files)
    for index, item in enumerate(files):
        recipe = item.recipe
        if recipe is None:
            continue
        key = (recipe.id, recipe.version)
        if key not in first:
            first[key] = index
            continue
        earlier = result[first[key]]
        if earlier.recipe is not None and earlier.recipe.content_hash == recipe.content_hash:
            why = f"{item.path}: the same recipe {recipe.label} as {earlier.path}; not used"
            result[index] = RecipeFile(item.path, item.origin, None, (why,))
            continue
        for at, other in ((index, earlier.path), (first[key], item.path)):
            this = result[at]
            why = (
                f"{this.path}: recipe {recipe.id} v{recipe.version} is also in {other} with "
                "other content; give one of them a new version"
            )
            result[at] = RecipeFile(this.path, this.origin, None, (*this.problems, why))
    return result


def build_library(
    files: Iterable[RecipeFile], releases: ReleaseReader | None, problems: Iterable[str] = ()
) -> RecipeLibrary:
    """Match each file with the station's release record; ``releases`` None (no station
    database yet) lists every valid recipe as not released."""
    latest = releases.latest_all() if releases is not None else {}
    entries: list[RecipeEntry] = []
    seen: set[tuple[str, str]] = set()
    for item in files:
        recipe = item.recipe
        if recipe is None:
            entries.append(
                RecipeEntry(
                    StationState.INVALID, "", "", item, None, "\n".join(item.problems), None
                )
            )
            continue
        key = (recipe.id, recipe.version)
        seen.add(key)
        release = latest.get(key)
        entries.append(_entry(item, recipe, release, releases))
    for key, release in sorted(latest.items()):
        if key not in seen and release.state == "released":
            entries.append(
                RecipeEntry(
                    StationState.FILE_MISSING,
                    release.recipe_id,
                    release.version,
                    None,
                    release,
                    f"released here, but no recipe file holds {release.label} any more",
                    "no file holds this version",
                )
            )
    return RecipeLibrary(tuple(entries), tuple(problems))


def _entry(
    item: RecipeFile, recipe: Recipe, release: ReleaseRecord | None, releases: ReleaseReader | None
) -> RecipeEntry:
    identity = identity_of(recipe, str(item.path))
    refusal = releases.release_problem(identity) if releases is not None else None
    if releases is None:
        refusal = "the station's records are not open"
    if release is None:
        state, problem = StationState.NOT_RELEASED, "not released on this station"
    elif release.state == "withdrawn":
        state, problem = StationState.WITHDRAWN, f"withdrawn: {release.reason}"
    elif release.content_hash != recipe.content_hash:
        state = StationState.CHANGED
        problem = (
            f"the file changed after its release (released sha256 {release.content_hash[:12]},"
            f" file {recipe.content_hash[:12]}); not runnable"
        )
    else:
        check = releases.problem(release) if releases is not None else None
        if check is None:
            state, problem = StationState.RELEASED, ""
        else:
            state, problem = StationState.RECORD_FAILED, check
    return RecipeEntry(state, recipe.id, recipe.version, item, release, problem, refusal)
