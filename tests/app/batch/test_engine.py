"""The batch engine on a simulated plant: roles, manual steps, CPPs, links, commands."""

import pytest

from app.batch import (
    AutoOperator,
    BatchNotReady,
    BatchRefused,
    BatchState,
    EntryOutOfLimits,
    IdentityMismatch,
    IllegalCommand,
    ReasonRequired,
    SignatureRefused,
    StepRefused,
)
from app.security import PermissionDenied
from hardware.mock.faults import Fault, FaultKind
from tests.app.batch.conftest import BARCODE, COI, small_recipe, wait_until

S = BatchState
TEMPERATURE = "shuttle-01/bay-01/bioreactor/temperature"
# Once a test has seen what it came for, the rest of a long module plays out faster.
FAST_FORWARD = 1_000_000.0


async def new_batch(engine, actor, *, bay=1, barcode=BARCODE, coi=COI, **replace):
    batch = await engine.create_batch(
        small_recipe(**replace), actor, barcode=barcode, coi=coi, shuttle="shuttle-01", bay=bay
    )
    await engine.start_batch(batch.batch_id, actor)
    return batch


def in_activation(batch):
    return batch.step.endswith("/activate") and batch.progress.action_done


async def test_commands_are_checked_for_role(make_engine, operator, supervisor, qa, maintenance):
    engine = await make_engine()
    recipe = small_recipe()
    for person in (maintenance, qa, None):
        with pytest.raises(PermissionDenied):
            await engine.create_batch(
                recipe, person, barcode=BARCODE, coi=COI, shuttle="shuttle-01", bay=1
            )
    batch = await engine.create_batch(
        recipe, operator, barcode=BARCODE, coi=COI, shuttle="shuttle-01", bay=1
    )
    with pytest.raises(PermissionDenied, match=r"may not batch\.start"):
        await engine.start_batch(batch.batch_id, maintenance)
    await engine.start_batch(batch.batch_id, operator)
    await engine.hold(batch.batch_id, operator, "operator sees a leak")
    await wait_until(lambda: batch.state is S.HELD)
    for command in (engine.restart, engine.stop_batch, engine.abort):
        with pytest.raises(PermissionDenied, match="Olga Operator \\(operator\\) may not"):
            await command(batch.batch_id, operator, "trying")
    with pytest.raises(PermissionDenied):
        await engine.restart(batch.batch_id, qa, "QA is not production")
    assert batch.state is S.HELD
    with pytest.raises(ReasonRequired):
        await engine.restart(batch.batch_id, supervisor, " ")
    assert await engine.restart(batch.batch_id, supervisor, "leak was a drop of condensate")
    await wait_until(lambda: batch.state is S.RUNNING)
    states = engine.events(batch.batch_id, "state")
    assert [(e["old_value"], e["new_value"], e["user_id"]) for e in states] == [
        ("Idle", "Running", "op1"),
        ("Running", "Holding", "op1"),
        ("Holding", "Held", ""),
        ("Held", "Restarting", "sup1"),
        ("Restarting", "Running", ""),
    ]
    assert states[1]["reason"] == "operator sees a leak"
    assert states[3]["user_role"] == "supervisor"


async def test_illegal_commands_are_refused_with_a_sentence(make_engine, operator, supervisor):
    engine = await make_engine()
    batch = await engine.create_batch(
        small_recipe(), operator, barcode=BARCODE, coi=COI, shuttle="shuttle-01", bay=1
    )
    with pytest.raises(IllegalCommand, match="cannot pause a batch that is Idle"):
        await engine.pause(batch.batch_id, operator)
    await engine.start_batch(batch.batch_id, operator)
    with pytest.raises(IllegalCommand, match="cannot restart a batch that is Running"):
        await engine.restart(batch.batch_id, supervisor, "why not")
    with pytest.raises(IllegalCommand, match="cannot reset"):
        await engine.reset(batch.batch_id, supervisor)


async def test_manual_step_rules(make_engine, operator, operator2, supervisor, qa):
    deviations = []
    engine = await make_engine(on_deviation=deviations.append)
    batch = await new_batch(engine, operator)
    bid = batch.batch_id
    request = engine.request(bid)
    assert request.step == "cartridge/load/prepare"
    assert [s.scan_id for s in request.scans] == ["cartridge", "kit"]
    # Identity comes first: nothing else is taken before the cartridge is scanned.
    with pytest.raises(StepRefused, match="scan Cartridge barcode first"):
        await engine.confirm(bid, operator, 0)
    with pytest.raises(StepRefused, match="scan Cartridge barcode first"):
        await engine.scan(bid, operator, "kit", "KIT-4711")
    # A wrong cartridge is refused, recorded as a deviation and blocks the step.
    with pytest.raises(IdentityMismatch, match="not this batch's cartridge"):
        await engine.scan(bid, operator, "cartridge", "CDK-OTHER-9999")
    assert [d.kind for d in deviations] == ["identity-mismatch"]
    assert deviations[0].severity == "critical" and deviations[0].value == "CDK-OTHER-9999"
    refused = engine.events(bid, "scan-refused")[0]
    assert refused["new_value"] == "CDK-OTHER-9999" and refused["user_id"] == "op1"
    assert engine.deviations(bid)[0]["kind"] == "identity-mismatch"
    assert "cartridge" in [s.scan_id for s in engine.request(bid).scans]
    await engine.scan(bid, operator, "cartridge", BARCODE)
    # A wrong reagent lot is refused and recorded, but is no identity deviation.
    with pytest.raises(StepRefused, match="does not fit"):
        await engine.scan(bid, operator, "kit", "LOT-1")
    assert len(deviations) == 1
    assert engine.events(bid, "scan-refused")[-1]["new_value"] == "LOT-1"
    await engine.scan(bid, operator, "kit", "KIT-4711")
    with pytest.raises(StepRefused, match="already scanned"):
        await engine.scan(bid, operator, "kit", "KIT-4711")
    with pytest.raises(EntryOutOfLimits, match="Volume 400 mL is outside 50-150 mL"):
        await engine.enter(bid, operator, "volume", 400)
    assert engine.events(bid, "entry-refused")[0]["new_value"] == "400.0"
    with pytest.raises(SignatureRefused, match="finish Prepare cartridge before signing"):
        await engine.sign(bid, operator, "performed")
    await engine.enter(bid, operator, "volume", 98.5)
    with pytest.raises(StepRefused, match="not at cartridge/load/load"):
        await engine.confirm(bid, operator, 0, step="cartridge/load/load")
    await engine.confirm(bid, operator, 0, step="cartridge/load/prepare")
    with pytest.raises(SignatureRefused, match="must first be signed as performed"):
        await engine.sign(bid, operator2, "verified")
    await engine.sign(bid, operator, "performed")
    with pytest.raises(SignatureRefused, match="needs a second person"):
        await engine.sign(bid, operator, "verified")
    await engine.sign(bid, operator2, "verified")
    signatures = engine.events(bid, "signature")
    assert [(e["target"], e["user_id"], e["user_name"]) for e in signatures] == [
        ("performed", "op1", "Olga Operator"),
        ("verified", "op2", "Omar Operator"),
    ]
    await wait_until(lambda: batch.step_index >= 2)  # loaded, on to the modules
    # The bay now holds this cartridge.
    bay = engine.devices["shuttle-01"].latest
    assert bay["shuttle-01/bay-01/cartridge/barcode"].value == BARCODE
    # Manual steps are refused while the batch does not run.
    await engine.hold(batch.batch_id, supervisor, "check")
    await wait_until(lambda: batch.state is S.HELD)
    with pytest.raises(StepRefused, match="is Held"):
        await engine.confirm(bid, qa, 0)


async def test_cpp_excursion_is_a_deviation_and_holds(make_engine, plant, operator, supervisor):
    deviations, audit = [], []
    engine = await make_engine(
        on_deviation=deviations.append, on_audit=lambda *entry: audit.append(entry)
    )
    batch = await new_batch(engine, operator, **{"duration_h = 24.0 }": "duration_h = 120.0 }"})
    crew = AutoOperator(engine, batch.batch_id, restart_holds=False)
    await crew.run(until=in_activation, timeout_s=20)
    await plant.shuttle.write_setpoint(1, "bioreactor/temperature_sp", 39.0)
    await wait_until(lambda: batch.state is S.HELD)
    excursion = deviations[-1]
    assert excursion.kind == "cpp-excursion" and excursion.severity == "major"
    assert excursion.tag == "bioreactor/temperature" and excursion.holds_batch
    assert (excursion.low, excursion.high) == (36.5, 37.5) and excursion.value > 37.5
    assert excursion.shuttle_id == "shuttle-01" and excursion.bay == 1
    assert "Culture temperature" in batch.hold_reason and "37 +/- 0.5 C" in batch.hold_reason
    with pytest.raises(BatchNotReady, match=r"still outside 37 \+/- 0\.5 C"):
        await engine.restart(batch.batch_id, supervisor, "too early")
    await plant.shuttle.write_setpoint(1, "bioreactor/temperature_sp", 37.0)
    await wait_until(lambda: engine.events(batch.batch_id, "cpp-in-limits"))
    back = engine.events(batch.batch_id, "cpp-in-limits")[0]
    assert back["target"] == f"deviation {excursion.deviation_id}"
    await engine.restart(batch.batch_id, supervisor, "heater setpoint corrected")
    plant.clock.speed = FAST_FORWARD
    assert await crew.run(timeout_s=20) is S.COMPLETE
    assert len([d for d in deviations if d.kind == "cpp-excursion"]) == 1
    actions = {entry[1] for entry in audit}
    assert {"batch.state", "batch.deviation", "batch.step-start", "batch.signature"} <= actions
    restart = next(e for e in audit if e[1] == "batch.state" and e[4] == "Restarting")
    assert restart[0] == supervisor and restart[5] == "heater setpoint corrected"


async def test_lost_link_and_doubtful_data_hold_the_phase(make_engine, plant, operator, supervisor):
    engine = await make_engine()
    batch = await new_batch(engine, operator, **{"duration_h = 24.0 }": "duration_h = 200.0 }"})
    crew = AutoOperator(engine, batch.batch_id, restart_holds=False)
    await crew.run(until=in_activation, timeout_s=20)
    backend = plant.shuttle.backend
    link = backend.inject(Fault(FaultKind.DISCONNECT))
    await wait_until(lambda: batch.state is S.HELD)
    assert engine.deviations(batch.batch_id)[-1]["kind"] == "equipment-lost"
    with pytest.raises(BatchNotReady, match="shuttle-01 is lost"):
        await engine.restart(batch.batch_id, supervisor, "link back?")
    backend.clear(link.fault_id)
    await wait_until(lambda: not engine.ready_problems(batch.batch_id))
    assert engine.events(batch.batch_id, "equipment-link-restored")
    await engine.restart(batch.batch_id, supervisor, "network switch replaced")
    await wait_until(lambda: batch.state is S.RUNNING)
    # A sensor that drifts is flagged uncertain by the device: the CPP cannot be verified.
    drift = backend.inject(Fault(FaultKind.DRIFT, target=TEMPERATURE, magnitude=0.1))
    await wait_until(lambda: batch.state is S.HELD)
    last = engine.deviations(batch.batch_id)[-1]
    assert last["kind"] == "data-loss" and "uncertain (sensor-fault)" in last["message"]
    with pytest.raises(BatchNotReady, match="Culture temperature is uncertain"):
        await engine.restart(batch.batch_id, supervisor, "sensor?")
    backend.clear(drift.fault_id)
    await wait_until(lambda: not engine.ready_problems(batch.batch_id))
    await engine.restart(batch.batch_id, supervisor, "probe recalibrated")
    plant.clock.speed = FAST_FORWARD
    assert await crew.run(timeout_s=20) is S.COMPLETE
    kinds = [e["kind"] for e in engine.events(batch.batch_id)]
    assert "cpp-unverified" in kinds and "cpp-verified" in kinds


async def test_module_fault_holds_and_restart_runs_the_rest(
    make_engine, plant, operator, supervisor
):
    engine = await make_engine()
    batch = await new_batch(engine, operator, **{"duration_h = 24.0 }": "duration_h = 100.0 }"})
    crew = AutoOperator(engine, batch.batch_id, restart_holds=False)
    await crew.run(until=in_activation, timeout_s=20)
    plant.shuttle.backend.inject(Fault(FaultKind.MODULE_FAULT, target="shuttle-01/bay-01/"))
    await wait_until(lambda: batch.state is S.HELD)
    assert engine.deviations(batch.batch_id)[-1]["kind"] == "module-fault"
    await engine.restart(batch.batch_id, supervisor, "fault cleared by maintenance")

    def restarted():
        return [
            e for e in engine.events(batch.batch_id, "action") if e["reason"].startswith("restart")
        ]

    await wait_until(restarted)
    assert restarted()[0]["target"] == "start_module"
    assert restarted()[0]["reason"] == "restart after hold: remaining time"
    plant.clock.speed = FAST_FORWARD
    assert await crew.run(timeout_s=20) is S.COMPLETE


async def test_pause_waits_for_a_safe_point(make_engine, operator):
    engine = await make_engine()
    batch = await new_batch(engine, operator)
    await engine.pause(batch.batch_id, operator)
    # A manual step is a safe point: paused at once.
    await wait_until(lambda: batch.state is S.PAUSED)
    with pytest.raises(StepRefused, match="is Paused"):
        await engine.scan(batch.batch_id, operator, "cartridge", BARCODE)
    await engine.resume(batch.batch_id, operator)
    crew = AutoOperator(engine, batch.batch_id)
    await crew.run(until=in_activation, timeout_s=20)
    await engine.pause(batch.batch_id, operator, "shift handover")
    assert batch.state is S.PAUSING
    # A running module is not a safe point: the phase ends first, the next does not start.
    await wait_until(lambda: batch.state is S.PAUSED, timeout_s=20)
    assert batch.step == "cartridge/culture/rest" and batch.progress.started_at is None
    await engine.resume(batch.batch_id, operator)
    assert await crew.run(timeout_s=20) is S.COMPLETE


async def test_stop_and_abort_end_the_module_and_reset_frees_the_bay(
    make_engine, plant, operator, supervisor
):
    engine = await make_engine()
    long = {"duration_h = 24.0 }": "duration_h = 200.0 }"}  # still running when stopped
    first = await new_batch(engine, operator, bay=1, **long)
    with pytest.raises(BatchRefused, match="bay 1 already runs batch"):
        await engine.create_batch(
            small_recipe(), operator, barcode="CDK-2", coi="COI-2", shuttle="shuttle-01", bay=1
        )
    second = await new_batch(engine, operator, bay=2, barcode="CDK-2", coi="COI-2", **long)
    crews = [AutoOperator(engine, b.batch_id) for b in (first, second)]
    for crew in crews:
        await crew.run(until=in_activation, timeout_s=20)
    with pytest.raises(ReasonRequired):
        await engine.stop_batch(first.batch_id, supervisor, "")
    await engine.stop_batch(first.batch_id, supervisor, "patient withdrew consent")
    await engine.abort(second.batch_id, supervisor, "cartridge leak")
    await wait_until(lambda: first.state is S.STOPPED and second.state is S.ABORTED)
    bays = plant.shuttle_model.bays
    assert bays[0].state == "stopped" and bays[1].state == "stopped"
    assert engine.events(first.batch_id, "action")[-1]["target"] == "stop_module"
    assert engine.events(second.batch_id, "action")[-1]["target"] == "abort_module"
    await engine.reset(first.batch_id, supervisor)
    assert first.batch_id not in engine.batches
    assert engine.recorder.batch_row(first.batch_id)["closed"] == 1
    assert [v.batch_id for v in engine.snapshot()] == [second.batch_id]
    # The bay takes the next cartridge (here: the same one, unloaded and relabelled).
    plant.shuttle_model.bays[0].state = "empty"
    third = await new_batch(engine, operator, bay=1, barcode="CDK-3", coi="COI-3")
    assert third.state is S.RUNNING


async def test_refused_command_holds_and_is_sent_again_or_adopted(
    make_engine, plant, operator, supervisor
):
    engine = await make_engine()
    batch = await new_batch(engine, operator)
    refusing = plant.shuttle.backend.inject(Fault(FaultKind.FAILED_COMMAND))
    crew = AutoOperator(engine, batch.batch_id, restart_holds=False)
    await crew.run(until=lambda b: b.state is S.HELD, timeout_s=10)
    assert batch.step == "cartridge/load/load" and not batch.progress.action_done
    failed = engine.deviations(batch.batch_id)[-1]
    assert failed["kind"] == "equipment-command-failed"
    assert "refused load_cartridge" in failed["message"]
    plant.shuttle.backend.clear(refusing.fault_id)
    # Someone loaded it by hand at the equipment (or the refusal was only the answer
    # getting lost): the engine takes over what the equipment already did.
    await plant.shuttle.load_cartridge(1, BARCODE, COI)
    refusing = plant.shuttle.backend.inject(Fault(FaultKind.FAILED_COMMAND))
    await engine.restart(batch.batch_id, supervisor, "cartridge loaded at the shuttle")
    await wait_until(lambda: engine.events(batch.batch_id, "action-adopted"))
    # The next command is refused again: held at the selection, nothing sent yet.
    await wait_until(lambda: batch.state is S.HELD)
    assert batch.step == "cartridge/culture/select" and not batch.progress.action_done
    plant.shuttle.backend.clear(refusing.fault_id)
    await engine.restart(batch.batch_id, supervisor, "equipment accepts commands again")
    assert await crew.run(timeout_s=20) is S.COMPLETE
    sent = [e["target"] for e in engine.events(batch.batch_id, "action")]
    assert sent == ["start_module", "start_module"]  # selection and activation, once each
    failures = [d for d in engine.deviations(batch.batch_id) if "refused" in d["message"]]
    assert len(failures) == 2
