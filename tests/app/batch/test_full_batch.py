"""A whole autologous CAR-T batch on the simulated plant, with the things that go wrong:
a wrong identity scan, a hold and restart by people, a temperature excursion, and a
station restart in the middle of a module."""

import asyncio

import pytest

from app.batch import (
    AutoOperator,
    BatchState,
    IdentityMismatch,
    load_recipe,
    shipped_recipe_path,
    simulate_batch,
)
from tests.app.batch.conftest import BARCODE, COI, wait_until

S = BatchState


def at(step_id, started=True):
    """The batch is at ``step_id``: with its action done, or (``started=False``) merely
    reached, before the simulated crew can do any of a manual step's work."""

    def check(batch):
        # Not "started_at is set": the engine may not have started a reached step yet, and
        # the crew would then do the whole manual step before the test could act on it.
        return batch.step.endswith("/" + step_id) and (
            batch.progress.action_done if started else True
        )

    return check


async def test_car_t_batch_from_receipt_to_storage(make_engine, plant, operator, supervisor):
    recipe = load_recipe(shipped_recipe_path("car-t-autologous.toml"))
    engine = await make_engine()
    batch = await engine.create_batch(
        recipe,
        operator,
        barcode=BARCODE,
        coi=COI,
        shuttle="shuttle-01",
        bay=1,
        expected_hash=recipe.content_hash,
    )
    bid = batch.batch_id
    await engine.start_batch(bid, operator)
    crew = AutoOperator(engine, bid, restart_holds=False)

    # Receipt: somebody else's apheresis bag is refused and recorded.
    with pytest.raises(IdentityMismatch):
        await engine.scan(bid, operator, "bag-coi", "COI-SOMEONE-ELSE")
    # Loading: a wrong cartridge is refused too.
    await crew.run(until=at("prepare-cartridge", started=False), timeout_s=10)
    with pytest.raises(IdentityMismatch):
        await engine.scan(bid, operator, "cartridge", "CDK-WRONG-0002")

    # Activation: an operator holds, a supervisor restarts.
    await crew.run(until=at("activation-culture"), timeout_s=10)
    await engine.hold(bid, operator, "tubing looks kinked")
    await wait_until(lambda: batch.state is S.HELD)
    await engine.restart(bid, supervisor, "tubing checked, not kinked")
    await wait_until(lambda: batch.state is S.RUNNING)

    # Expansion: the incubator overheats; the batch holds until it is back in limits.
    await crew.run(until=at("expansion-culture"), timeout_s=10)
    await plant.shuttle.write_setpoint(1, "bioreactor/temperature_sp", 38.5)
    await wait_until(lambda: batch.state is S.HELD)
    await plant.shuttle.write_setpoint(1, "bioreactor/temperature_sp", 37.0)
    await wait_until(lambda: not engine.ready_problems(bid))
    await engine.restart(bid, supervisor, "setpoint restored, culture checked")
    plant.clock.speed = 500_000.0  # the rest of a week of culture, quickly

    # Harvest: the station goes down while the wash runs (slowly enough to catch it).
    await crew.run(until=at("prepare-harvest", started=False), timeout_s=20)
    plant.clock.speed = 10_000.0
    await crew.run(until=at("counterflow-wash"), timeout_s=20)
    steps_done = batch.steps_completed
    await engine.close()
    await asyncio.sleep(0.2)  # down: the bay keeps washing on its own
    engine = await make_engine()
    batch = engine.batch(bid)
    assert batch.state is S.HELD
    assert batch.step == "harvest-and-fill/harvest-wash/counterflow-wash"
    assert batch.steps_completed == steps_done and batch.progress.action_done
    gap = engine.events(bid, "restart-gap")
    assert len(gap) == 1 and gap[0]["old_value"] == "Running" and gap[0]["new_value"] == "Held"
    assert float(gap[0]["target"].removesuffix(" s")) > 1000  # equipment seconds down
    assert "station was down" in batch.hold_reason
    await engine.restart(bid, supervisor, "station back, bay 1 checked")
    plant.clock.speed = 200_000.0
    crew = AutoOperator(engine, bid, restart_holds=False)
    assert await crew.run(timeout_s=20) is S.COMPLETE

    # The record tells the whole story.
    assert batch.steps_completed == batch.steps_total == len(recipe.phases)
    kinds = [d["kind"] for d in engine.deviations(bid)]
    assert kinds == ["identity-mismatch", "identity-mismatch", "cpp-excursion", "restart-gap"]
    events = engine.events(bid)
    starts = [e["target"] for e in events if e["kind"] == "step-start"]
    ends = [e["target"] for e in events if e["kind"] == "step-end"]
    assert starts == ends == [ref.path for ref in recipe.phases]
    states = [e["new_value"] for e in events if e["kind"] == "state"]
    assert states == [
        "Running",
        "Holding",
        "Held",
        "Restarting",
        "Running",  # people's hold
        "Holding",
        "Held",
        "Restarting",
        "Running",  # excursion
        "Restarting",
        "Running",
        "Complete",  # after the station restart (Held on open)
    ]
    signed = [(e["target"], e["user_id"]) for e in events if e["kind"] == "signature"]
    assert ("performed", "sim-operator") in signed and ("verified", "sim-verifier") in signed
    assert plant.shuttle_model.bays[0].module == "controlled-rate-freezing"
    assert plant.cellq_model.queue or plant.cellq_model.results  # in-process sample went in
    row = engine.recorder.batch_row(bid)
    assert row["state"] == "Complete" and row["steps_completed"] == len(recipe.phases)


async def test_simulate_qc_release_reports_the_batch(tmp_path):
    result = await simulate_batch(
        shipped_recipe_path("qc-release.toml"), 500_000.0, db_path=tmp_path / "sim.sqlite3"
    )
    assert result["final_state"] == "Complete"
    assert result["steps_completed"] == result["steps_total"] == 4
    assert result["sim_duration_h"] > 168  # the sterility test takes a week
    assert isinstance(result["deviations"], list)
    assert {"recipe", "recipe_hash", "batch_id", "events", "wall_s"} <= set(result)


async def test_simulate_car_t_start_to_finish():
    # 200,000x: about 4 s of wall time. Faster, a loaded machine's scheduling delays
    # become simulated hours and the duration below stops meaning anything.
    result = await simulate_batch(shipped_recipe_path("car-t-autologous.toml"), 200_000.0)
    assert result["final_state"] == "Complete"
    assert result["steps_completed"] == result["steps_total"] == 19
    assert result["deviations"] == []
    assert 150 < result["sim_duration_h"] < 400
