"""Master recipes: the ISA-88 procedure a batch follows, read from versioned TOML files.

procedure (the recipe) > unit procedures > operations > phases. A phase is the smallest
step the engine runs: an equipment action (a Cell Shuttle or Cell Q command, or none for
a manual phase), the manual work that must be done first (instructions, confirmations,
identity scans, data entries, signatures), the critical process parameters watched
while it runs, and the condition that ends it.

Every model is pydantic with ``extra="forbid"`` and frozen (tuples, not lists), so a
typo is an error with a path and a loaded recipe cannot be changed. A recipe is
identified by id, version and ``content_hash`` (sha256 of its canonical content), so a
tech transfer between sites can prove both run the identical recipe.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Sequence
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from app.batch.errors import RecipeError
from app.records.signatures import SignatureMeaning
from app.security import Role
from hardware.catalog import ASSAYS, MODULES, shuttle_specs
from hardware.tags import HardwareError, TagKind, TagSpec

RECIPE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,47}$"
VERSION_PATTERN = r"^[0-9]+\.[0-9]+(\.[0-9]+)?$"


def _check_id(value: str) -> str:
    if not re.fullmatch(RECIPE_ID_PATTERN, value):
        raise ValueError(
            f"{value!r} is not a valid id: lower-case letters, digits and '-', up to 48"
        )
    return value


def _check_version(value: str) -> str:
    if not re.fullmatch(VERSION_PATTERN, value):
        raise ValueError(f"version {value!r} must look like 1.0 or 1.2.3")
    return value


RecipeId = Annotated[str, AfterValidator(_check_id)]
FORMAT = 1

# Tags of one bay, by their path inside the bay ("bioreactor/temperature").
_PROBE = "recipe/bay-01/"
BAY_TAGS: dict[str, TagSpec] = {
    spec.path.removeprefix(_PROBE): spec
    for spec in shuttle_specs("recipe", 1)
    if spec.path.startswith(_PROBE)
}
ANALOG_BAY_TAGS = tuple(rel for rel, spec in BAY_TAGS.items() if spec.kind is TagKind.ANALOG)

Loc = tuple[str | int, ...]


def _raise_rules(title: str, problems: Sequence[tuple[Loc, str]]) -> None:
    """Raise every broken rule at once, each at its own path, so a recipe author sees
    all problems in one pass rather than one per attempt."""
    if problems:
        raise ValidationError.from_exception_data(
            title,
            [
                InitErrorDetails(
                    type=PydanticCustomError("recipe_rule", "{reason}", {"reason": reason}),
                    loc=loc,
                    input=None,
                )
                for loc, reason in problems
            ],
        )


def _check_analog_bay_tag(tag: str) -> str:
    spec = BAY_TAGS.get(tag)
    if spec is None:
        raise ValueError(f"{tag!r} is not a bay tag; known: {', '.join(ANALOG_BAY_TAGS)}")
    if spec.kind is not TagKind.ANALOG:
        raise ValueError(
            f"{tag!r} is not a measured number; use one of {', '.join(ANALOG_BAY_TAGS)}"
        )
    return tag


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# -- equipment actions -------------------------------------------------------------------


class NoAction(_Strict):
    """A manual phase: people do the work, the engine records it."""

    type: Literal["none"] = "none"


class LoadCartridge(_Strict):
    """The robot takes the batch's cartridge into its bay (barcode and CoI from the batch)."""

    type: Literal["load_cartridge"]


class StartModule(_Strict):
    """Run one Cell Shuttle module on the batch's bay; ``duration_h`` 0 = nominal time."""

    type: Literal["start_module"]
    module: str
    duration_h: float = Field(0.0, ge=0.0, le=24 * 30)

    @field_validator("module")
    @classmethod
    def _known_module(cls, module: str) -> str:
        if module not in MODULES:
            raise ValueError(f"unknown module {module!r}; known: {', '.join(MODULES)}")
        return module


class WriteSetpoint(_Strict):
    """Write one setpoint of the batch's bay."""

    type: Literal["write_setpoint"]
    tag: str
    value: float

    @model_validator(mode="after")
    def _writable_in_range(self) -> WriteSetpoint:
        spec = BAY_TAGS.get(self.tag)
        if spec is None or not spec.writable:
            writable = ", ".join(rel for rel, s in BAY_TAGS.items() if s.writable)
            _raise_rules("WriteSetpoint", [(("tag",), f"not a setpoint; writable: {writable}")])
            return self
        try:
            spec.check_write(self.value)
        except HardwareError as exc:
            # The same check the device makes before a write reaches the equipment.
            _raise_rules("WriteSetpoint", [(("value",), str(exc).removeprefix(_PROBE))])
        return self


class SubmitSample(_Strict):
    """Submit a QC sample of the batch to the Cell Q; the sample id is the batch id plus
    ``sample``, and it carries the batch's chain-of-identity id."""

    type: Literal["submit_sample"]
    sample: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{0,23}$")
    assays: tuple[str, ...] = Field(min_length=1)

    @field_validator("assays")
    @classmethod
    def _known_assays(cls, assays: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [a for a in assays if a not in ASSAYS]
        if unknown:
            raise ValueError(f"unknown assays {unknown}; known: {', '.join(ASSAYS)}")
        if len(set(assays)) != len(assays):
            raise ValueError("an assay is listed twice")
        return assays


Action = Annotated[
    NoAction | LoadCartridge | StartModule | WriteSetpoint | SubmitSample,
    Field(discriminator="type"),
]
BAY_ACTIONS = (LoadCartridge, StartModule, WriteSetpoint)


# -- end conditions ----------------------------------------------------------------------


class TimeEnd(_Strict):
    """Ends after ``hours`` of running time (time held or paused does not count)."""

    type: Literal["time"]
    hours: float = Field(gt=0.0)


class EquipmentEnd(_Strict):
    """Ends when the bay reports the phase's module complete."""

    type: Literal["equipment"]


class TagEnd(_Strict):
    """Ends when a bay tag meets a condition (good quality only), e.g. vcd >= 4."""

    type: Literal["tag"]
    tag: str
    op: Literal[">=", "<=", ">", "<"]
    value: float

    @field_validator("tag")
    @classmethod
    def _bay_tag(cls, tag: str) -> str:
        return _check_analog_bay_tag(tag)

    def met(self, value: float) -> bool:
        return {
            ">=": value >= self.value,
            "<=": value <= self.value,
            ">": value > self.value,
            "<": value < self.value,
        }[self.op]

    def describe(self) -> str:
        return f"{self.tag} {self.op} {self.value:g}"


class ConfirmationEnd(_Strict):
    """Ends when the operator has done every manual requirement of the phase."""

    type: Literal["confirmation"]


class ImmediateEnd(_Strict):
    """Ends as soon as the equipment accepted the phase's command."""

    type: Literal["immediate"]


class QcResultsEnd(_Strict):
    """Ends when the Cell Q reports every assay of the phase's sample; results are checked
    against the phase's ``specs``."""

    type: Literal["qc-results"]


EndCondition = Annotated[
    TimeEnd | EquipmentEnd | TagEnd | ConfirmationEnd | ImmediateEnd | QcResultsEnd,
    Field(discriminator="type"),
]


# -- parameters, specifications, manual work ----------------------------------------------


class CriticalParameter(_Strict):
    """A critical process parameter watched while the phase runs. Limits are given as
    ``target`` +/- ``tolerance`` or as ``low``/``high``; ``holds_batch`` says whether an
    excursion holds the batch (it is always recorded as a deviation)."""

    name: str = Field(min_length=1)
    tag: str
    unit: str = ""
    target: float | None = None
    tolerance: float | None = Field(None, gt=0.0)
    low: float | None = None
    high: float | None = None
    holds_batch: bool = False

    @field_validator("tag")
    @classmethod
    def _bay_tag(cls, tag: str) -> str:
        return _check_analog_bay_tag(tag)

    @model_validator(mode="after")
    def _limits_given_once(self) -> CriticalParameter:
        by_target = self.target is not None or self.tolerance is not None
        by_range = self.low is not None or self.high is not None
        problems: list[tuple[Loc, str]] = []
        if by_target and by_range:
            problems.append(((), "give target and tolerance, or low/high, not both"))
        elif by_target and (self.target is None or self.tolerance is None):
            problems.append(((), "target needs a tolerance and tolerance a target"))
        elif not by_target and not by_range:
            problems.append(((), "give limits: target and tolerance, or low and/or high"))
        elif self.low is not None and self.high is not None and self.low >= self.high:
            problems.append((("low",), f"low {self.low:g} must be below high {self.high:g}"))
        _raise_rules("CriticalParameter", problems)
        return self

    @property
    def limits(self) -> tuple[float | None, float | None]:
        if self.target is not None and self.tolerance is not None:
            return self.target - self.tolerance, self.target + self.tolerance
        return self.low, self.high

    def within(self, value: float) -> bool:
        low, high = self.limits
        return (low is None or value >= low) and (high is None or value <= high)

    def describe_limits(self) -> str:
        low, high = self.limits
        unit = f" {self.unit}" if self.unit else ""
        if self.target is not None and self.tolerance is not None:
            return f"{self.target:g} +/- {self.tolerance:g}{unit}"
        if low is not None and high is not None:
            return f"{low:g}-{high:g}{unit}"
        return f">= {low:g}{unit}" if low is not None else f"<= {high:g}{unit}"


class QcSpec(_Strict):
    """A release specification for one Cell Q assay: pass when low <= result <= high."""

    assay: str
    unit: str = ""
    low: float | None = None
    high: float | None = None
    holds_batch: bool = True

    @field_validator("assay")
    @classmethod
    def _known_assay(cls, assay: str) -> str:
        if assay not in ASSAYS:
            raise ValueError(f"unknown assay {assay!r}; known: {', '.join(ASSAYS)}")
        return assay

    @model_validator(mode="after")
    def _has_limit(self) -> QcSpec:
        problems: list[tuple[Loc, str]] = []
        if self.low is None and self.high is None:
            problems.append(((), "a specification needs low and/or high"))
        elif self.low is not None and self.high is not None and self.low > self.high:
            problems.append((("low",), f"low {self.low:g} is above high {self.high:g}"))
        _raise_rules("QcSpec", problems)
        return self

    def passes(self, result: float) -> bool:
        return (self.low is None or result >= self.low) and (
            self.high is None or result <= self.high
        )

    def describe(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        if self.low is not None and self.high is not None:
            return f"{self.low:g}-{self.high:g}{unit}"
        return f">= {self.low:g}{unit}" if self.low is not None else f"<= {self.high:g}{unit}"


class Scan(_Strict):
    """A barcode the operator must scan. ``cartridge`` and ``coi`` must equal the batch's
    cartridge barcode or chain-of-identity id exactly; ``pattern`` (reagent lots, bags)
    must match the regular expression, of which ``example`` is a valid instance."""

    id: RecipeId
    label: str = Field(min_length=1)
    match: Literal["cartridge", "coi", "pattern"]
    pattern: str | None = None
    example: str | None = None

    @model_validator(mode="after")
    def _pattern_rules(self) -> Scan:
        problems: list[tuple[Loc, str]] = []
        if self.match == "pattern":
            if not self.pattern:
                problems.append((("pattern",), "a pattern scan needs a pattern"))
            else:
                try:
                    compiled = re.compile(self.pattern)
                except re.error as exc:
                    problems.append((("pattern",), f"not a valid regular expression: {exc}"))
                else:
                    if not self.example:
                        problems.append((("example",), "give an example that fits the pattern"))
                    elif not compiled.fullmatch(self.example):
                        problems.append(
                            (("example",), f"{self.example!r} does not match {self.pattern!r}")
                        )
        elif self.pattern is not None:
            problems.append((("pattern",), f"a {self.match} scan matches the batch; no pattern"))
        _raise_rules("Scan", problems)
        return self

    @property
    def identity(self) -> bool:
        return self.match in ("cartridge", "coi")


class DataEntry(_Strict):
    """A number the operator enters (a bag volume, a count); refused outside the limits."""

    id: RecipeId
    label: str = Field(min_length=1)
    unit: str = ""
    low: float | None = None
    high: float | None = None

    @model_validator(mode="after")
    def _ordered(self) -> DataEntry:
        if self.low is not None and self.high is not None and self.low > self.high:
            _raise_rules("DataEntry", [(("low",), f"low {self.low:g} is above high {self.high:g}")])
        return self

    def within(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)

    def describe_limits(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        if self.low is not None and self.high is not None:
            return f"{self.low:g}-{self.high:g}{unit}"
        if self.low is not None:
            return f">= {self.low:g}{unit}"
        return f"<= {self.high:g}{unit}" if self.high is not None else "any value"


class SignatureRequirement(_Strict):
    """An electronic signature with its meaning (21 CFR 11.50). Every signature of a phase
    must come from a different person; ``roles`` limits who may give it (empty: anyone
    allowed to execute batch steps)."""

    meaning: SignatureMeaning
    roles: tuple[Role, ...] = ()


class Phase(_Strict):
    """The smallest step of the procedure: manual work first, then the equipment action,
    then the end condition; critical parameters are watched while it runs."""

    id: RecipeId
    name: str = Field(min_length=1)
    duration_h: float = Field(ge=0.0)
    action: Action = NoAction()
    end: EndCondition
    max_duration_h: float | None = Field(None, gt=0.0)
    cpps: tuple[CriticalParameter, ...] = ()
    specs: tuple[QcSpec, ...] = ()
    instruction: str = ""
    picture: str | None = None
    confirmations: tuple[str, ...] = ()
    scans: tuple[Scan, ...] = ()
    entries: tuple[DataEntry, ...] = ()
    signatures: tuple[SignatureRequirement, ...] = ()

    @field_validator("signatures", mode="before")
    @classmethod
    def _short_signatures(cls, value: Any) -> Any:
        # "performed" is short for {meaning = "performed"} in a recipe file.
        if isinstance(value, list | tuple):
            return [{"meaning": v} if isinstance(v, str) else v for v in value]
        return value

    @property
    def manual(self) -> bool:
        return bool(self.confirmations or self.scans or self.entries or self.signatures)

    @property
    def uses_bay(self) -> bool:
        return (
            isinstance(self.action, BAY_ACTIONS)
            or bool(self.cpps)
            or isinstance(self.end, EquipmentEnd | TagEnd)
        )

    @model_validator(mode="after")
    def _consistent(self) -> Phase:
        problems: list[tuple[Loc, str]] = []
        end, action = self.end, self.action
        if isinstance(end, EquipmentEnd) and not isinstance(action, StartModule):
            problems.append((("end",), "an equipment end needs a start_module action"))
        if isinstance(end, QcResultsEnd) and not isinstance(action, SubmitSample):
            problems.append((("end",), "a qc-results end needs a submit_sample action"))
        if isinstance(end, ImmediateEnd) and isinstance(action, NoAction):
            problems.append((("end",), "an immediate end needs an equipment action"))
        if isinstance(end, ConfirmationEnd) and not self.manual:
            problems.append(
                (("end",), "a confirmation end needs confirmations, scans, entries or signatures")
            )
        if self.specs and not isinstance(end, QcResultsEnd):
            problems.append((("specs",), "specifications belong to a qc-results phase"))
        if isinstance(action, SubmitSample):
            for index, spec in enumerate(self.specs):
                if spec.assay not in action.assays:
                    problems.append(
                        (("specs", index, "assay"), f"{spec.assay} is not in this phase's sample")
                    )
        if self.manual and not any(scan.identity for scan in self.scans):
            # Chain of identity: every manual touchpoint proves it has the right patient.
            problems.append(
                (
                    ("scans",),
                    "a manual step must verify identity: add a scan with match "
                    "'cartridge' or 'coi'",
                )
            )
        for field, items in (("scans", self.scans), ("entries", self.entries)):
            seen: set[str] = set()
            for index, item in enumerate(items):
                if item.id in seen:
                    problems.append(((field, index, "id"), f"id {item.id!r} is used twice"))
                seen.add(item.id)
        meanings = [s.meaning for s in self.signatures]
        for index, meaning in enumerate(meanings):
            if meaning in meanings[:index]:
                problems.append((("signatures", index), f"{meaning!r} is asked for twice"))
        if self.max_duration_h is not None and self.max_duration_h < self.duration_h:
            problems.append(
                (("max_duration_h",), f"shorter than the expected {self.duration_h:g} h")
            )
        _raise_rules("Phase", problems)
        return self


class Operation(_Strict):
    """An ordered set of phases that changes the material in one way (e.g. activation)."""

    id: RecipeId
    name: str = Field(min_length=1)
    phases: tuple[Phase, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Operation:
        _raise_rules("Operation", _duplicates("phases", [p.id for p in self.phases]))
        return self


class UnitProcedure(_Strict):
    """The operations run on one unit (the cartridge in its bay, the QC instrument)."""

    id: RecipeId
    name: str = Field(min_length=1)
    operations: tuple[Operation, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> UnitProcedure:
        _raise_rules("UnitProcedure", _duplicates("operations", [o.id for o in self.operations]))
        return self


def _duplicates(field: str, ids: list[str]) -> list[tuple[Loc, str]]:
    return [
        ((field, index, "id"), f"id {item!r} is used twice")
        for index, item in enumerate(ids)
        if item in ids[:index]
    ]


class PhaseRef(BaseModel):
    """Where a phase sits in the procedure; ``path`` is "unit-procedure/operation/phase"."""

    model_config = ConfigDict(frozen=True)

    index: int
    unit_procedure: UnitProcedure
    operation: Operation
    phase: Phase

    @property
    def path(self) -> str:
        return f"{self.unit_procedure.id}/{self.operation.id}/{self.phase.id}"


class Recipe(_Strict):
    """A master recipe: one product's whole procedure, versioned. ``released`` recipes are
    the only ones a production batch runs; a draft runs in simulation only."""

    format: Literal[1] = FORMAT
    id: RecipeId
    name: str = Field(min_length=1)
    version: Annotated[str, AfterValidator(_check_version)]
    status: Literal["draft", "released"]
    product: str = ""
    description: str = ""
    author: str = ""
    approved_by: str = ""
    unit_procedures: tuple[UnitProcedure, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _whole_recipe(self) -> Recipe:
        problems = _duplicates("unit_procedures", [u.id for u in self.unit_procedures])
        if self.status == "released" and not self.approved_by:
            problems.append((("approved_by",), "a released recipe names who approved it"))
        _raise_rules("Recipe", problems)
        return self

    @cached_property
    def canonical(self) -> str:
        """The recipe's content as canonical JSON: defaults filled in, keys sorted, no
        whitespace. TOML layout, comments and key order do not change it."""
        return json.dumps(
            self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )

    @cached_property
    def content_hash(self) -> str:
        """sha256 of the canonical content: the identity of the recipe across sites."""
        return hashlib.sha256(self.canonical.encode("utf-8")).hexdigest()

    @cached_property
    def phases(self) -> tuple[PhaseRef, ...]:
        """Every phase in procedure order, with where it sits."""
        refs: list[PhaseRef] = []
        for unit in self.unit_procedures:
            for operation in unit.operations:
                for phase in operation.phases:
                    refs.append(
                        PhaseRef(
                            index=len(refs),
                            unit_procedure=unit,
                            operation=operation,
                            phase=phase,
                        )
                    )
        return tuple(refs)

    @property
    def uses_bay(self) -> bool:
        return any(ref.phase.uses_bay for ref in self.phases)

    @property
    def uses_cellq(self) -> bool:
        return any(isinstance(ref.phase.action, SubmitSample) for ref in self.phases)

    @property
    def label(self) -> str:
        return f"{self.id} v{self.version} ({self.content_hash[:12]})"


# -- files ---------------------------------------------------------------------------------

_UNIONS = {"action", "end"}


def _location(loc: Loc, data: Any) -> str:
    """A pydantic error location as a path into the file: ``unit_procedures[2].operations
    [0].phases[1].end`` with the ids of the elements passed on the way."""
    parts: list[str] = []
    node = data
    skip_next = False
    for part in loc:
        if skip_next:  # the discriminator tag pydantic adds inside a union
            skip_next = False
            continue
        if isinstance(part, int):
            label = f"[{part}]"
            if isinstance(node, list) and part < len(node):
                node = node[part]
                if isinstance(node, dict) and isinstance(node.get("id"), str):
                    label = f"[{part}:{node['id']}]"
            else:
                node = None
            if parts:
                parts[-1] += label
            else:
                parts.append(label)
            continue
        parts.append(str(part))
        node = node.get(part) if isinstance(node, dict) else None
        skip_next = part in _UNIONS and isinstance(node, dict)
    return ".".join(parts) or "(top level)"


def _node(loc: Loc, data: Any) -> Any:
    node = data
    for part in loc:
        in_list = isinstance(part, int) and isinstance(node, list) and part < len(node)
        in_table = isinstance(part, str) and isinstance(node, dict) and part in node
        if in_list or in_table:
            node = node[part]
        elif not isinstance(node, dict) or part != node.get("type"):
            return None  # (a union's discriminator tag in the path is skipped)
    return node


def _problems(error: ValidationError, data: Any, source: str) -> list[str]:
    problems = []
    for item in error.errors():
        if item["type"] == "too_short" and _node(item["loc"], data):
            continue  # a tuple whose items failed: those items are reported themselves
        reason = item["msg"].removeprefix("Value error, ")
        problems.append(f"{source}: {_location(item['loc'], data)}: {reason}")
    return problems


def _read(path: Path) -> tuple[Recipe | None, list[str]]:
    source = str(path)
    try:
        text = Path(path).read_text("utf-8")
    except OSError as exc:
        return None, [f"{source}: cannot read recipe file: {exc.strerror}"]
    return parse_recipe_text(text, source)


def parse_recipe_text(text: str, source: str = "<text>") -> tuple[Recipe | None, list[str]]:
    """Validate recipe TOML; returns the recipe (or None) and every problem found."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return None, [f"{source}: (file): not valid TOML: {exc}"]
    try:
        return Recipe.model_validate(data), []
    except ValidationError as exc:
        return None, _problems(exc, data, source)


def read_recipe(path: Path | str) -> tuple[Recipe | None, list[str]]:
    """Read and validate a recipe file without raising: the recipe (or None) and every
    problem found, each as "file: path: reason"."""
    return _read(Path(path))


def check_recipe(path: Path | str) -> list[str]:
    """Every problem of a recipe file as "file: path: reason"; empty when it is usable."""
    return _read(Path(path))[1]


def load_recipe(path: Path | str) -> Recipe:
    """Read and validate a recipe file; RecipeError lists every problem."""
    recipe, problems = _read(Path(path))
    if recipe is None:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        message = f"{path}: recipe refused ({count}):\n  " + "\n  ".join(problems)
        raise RecipeError(message, problems)
    return recipe


def recipe_from_json(text: str, expected_hash: str) -> Recipe:
    """A recipe stored with a batch; refused if its content no longer has its hash."""
    recipe = Recipe.model_validate_json(text)
    if recipe.content_hash != expected_hash:
        raise RecipeError(
            f"the stored recipe {recipe.id} v{recipe.version} does not match its hash "
            f"{expected_hash[:12]}; the batch record was altered and cannot be continued"
        )
    return recipe


SHIPPED_RECIPES = ("car-t-autologous.toml", "qc-release.toml")


def shipped_recipe_path(name: str) -> Path:
    """The path of a recipe file shipped with CellDeck (resources/recipes)."""
    return Path(str(resources.files("resources.recipes").joinpath(name)))


def resolve_recipe_path(name_or_path: Path | str) -> Path:
    """A recipe file given on the command line: an existing path, else a shipped recipe
    by file name or id ("car-t-autologous" finds car-t-autologous.toml)."""
    path = Path(name_or_path)
    if path.exists():
        return path
    for candidate in (str(name_or_path), f"{name_or_path}.toml"):
        if candidate in SHIPPED_RECIPES:
            return shipped_recipe_path(candidate)
    return path  # reading it reports the missing file


def recipe_summary(recipe: Recipe) -> str:
    """One line for ``celldeck recipe check``: what the recipe is and its identity."""
    phases = recipe.phases
    manual = sum(1 for ref in phases if ref.phase.manual)
    hours = sum(ref.phase.duration_h for ref in phases)
    return (
        f"{recipe.id} v{recipe.version} [{recipe.status}] {recipe.name}: "
        f"{len(recipe.unit_procedures)} unit procedures, {len(phases)} phases "
        f"({manual} manual), about {hours:.0f} h; sha256 {recipe.content_hash}"
    )
