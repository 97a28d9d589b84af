"""ISA-88 batch control: master recipes, the batch engine and the electronic batch record.

- ``recipe``: master recipes from versioned TOML (procedure > unit procedures >
  operations > phases), validated with every problem listed, identified by content hash.
- ``states``: the ISA-88 procedural state model as a transition table.
- ``engine``: ``BatchEngine`` runs one batch per cartridge on the station core loop.
- ``records``: ``BatchRecorder`` writes batches, events and deviations (migration 5).
- ``simulate``: a whole batch headless on a simulated plant with an automatic crew.
"""

from app.batch.engine import AuditHook, BatchEngine, DeviationHook
from app.batch.errors import (
    BatchError,
    BatchNotReady,
    BatchRefused,
    EntryOutOfLimits,
    IdentityMismatch,
    IllegalCommand,
    ReasonRequired,
    RecipeError,
    SignatureRefused,
    StepRefused,
    UnknownBatch,
)
from app.batch.recipe import (
    SHIPPED_RECIPES,
    Phase,
    Recipe,
    check_recipe,
    load_recipe,
    parse_recipe_text,
    recipe_summary,
    resolve_recipe_path,
    shipped_recipe_path,
)
from app.batch.records import BatchRecorder
from app.batch.runtime import Batch, BatchView, Deviation, StepRequest
from app.batch.simulate import AutoOperator, SimPlant, simulate_batch
from app.batch.states import TRANSITIONS, BatchCommand, BatchState, next_state

__all__ = [
    "SHIPPED_RECIPES",
    "TRANSITIONS",
    "AuditHook",
    "AutoOperator",
    "Batch",
    "BatchCommand",
    "BatchEngine",
    "BatchError",
    "BatchNotReady",
    "BatchRecorder",
    "BatchRefused",
    "BatchState",
    "BatchView",
    "Deviation",
    "DeviationHook",
    "EntryOutOfLimits",
    "IdentityMismatch",
    "IllegalCommand",
    "Phase",
    "ReasonRequired",
    "Recipe",
    "RecipeError",
    "SignatureRefused",
    "SimPlant",
    "StepRefused",
    "StepRequest",
    "UnknownBatch",
    "check_recipe",
    "load_recipe",
    "next_state",
    "parse_recipe_text",
    "recipe_summary",
    "resolve_recipe_path",
    "shipped_recipe_path",
    "simulate_batch",
]
