"""The electronic batch record: restart behaviour, append-only history, hooks, views."""

import asyncio
import sqlite3

import pytest

from app.batch import AutoOperator, BatchState
from hardware import CellShuttle
from hardware.mock import MockBackend, ShuttleModel
from tests.app.batch.conftest import BARCODE, COI, TICK_S, small_recipe, wait_until

S = BatchState


async def test_open_batches_come_back_held_with_the_gap(make_engine, operator, supervisor):
    engine = await make_engine()
    recipe = small_recipe()
    paused = await engine.create_batch(
        recipe, operator, barcode=BARCODE, coi=COI, shuttle="shuttle-01", bay=1
    )
    await engine.start_batch(paused.batch_id, operator)
    await engine.scan(paused.batch_id, operator, "cartridge", BARCODE)
    await engine.pause(paused.batch_id, operator, "break")
    await wait_until(lambda: paused.state is S.PAUSED)
    idle = await engine.create_batch(
        recipe, operator, barcode="CDK-2", coi="COI-2", shuttle="shuttle-01", bay=2
    )
    await engine.close()

    engine = await make_engine()
    back = engine.batch(paused.batch_id)
    assert back.state is S.HELD
    # Step progress survives: the cartridge scan is not asked for again.
    assert back.progress.scans == {"cartridge": BARCODE}
    assert [s.scan_id for s in engine.request(back.batch_id).scans] == ["kit"]
    gap = engine.events(back.batch_id, "restart-gap")[0]
    assert gap["old_value"] == "Paused" and gap["new_value"] == "Held"
    assert engine.deviations(back.batch_id)[-1]["kind"] == "restart-gap"
    assert engine.batch(idle.batch_id).state is S.IDLE
    assert not engine.events(idle.batch_id, "restart-gap")
    await engine.restart(back.batch_id, supervisor, "after restart")
    assert await AutoOperator(engine, back.batch_id).run(timeout_s=20) is S.COMPLETE


async def test_history_is_append_only_and_identity_fixed(make_engine, operator):
    engine = await make_engine()
    batch = await engine.create_batch(
        small_recipe(), operator, barcode=BARCODE, coi=COI, shuttle="shuttle-01", bay=1
    )
    await engine.start_batch(batch.batch_id, operator)
    with pytest.raises(Exception, match="not this batch's cartridge"):
        await engine.scan(batch.batch_id, operator, "cartridge", "CDK-X")
    conn = engine.recorder.db.conn
    for statement in (
        "UPDATE batch_events SET user_id = 'someone-else'",
        "DELETE FROM batch_events",
        "UPDATE deviations SET message = 'nothing happened'",
        "DELETE FROM deviations",
        "DELETE FROM batches",
        "UPDATE batches SET coi = 'COI-OTHER'",
        "UPDATE batches SET recipe_json = '{}'",
    ):
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(statement)
    assert len(engine.deviations(batch.batch_id)) == 1


async def test_a_tampered_recipe_is_not_brought_back(make_engine, operator):
    engine = await make_engine()
    batch = await engine.create_batch(
        small_recipe(), operator, barcode=BARCODE, coi=COI, shuttle="shuttle-01", bay=1
    )
    await engine.close()
    conn = engine.recorder.db.conn
    # Only someone going around CellDeck can do this: drop the guard, edit the recipe.
    conn.execute("DROP TRIGGER batches_identity_fixed")
    conn.execute("UPDATE batches SET recipe_json = replace(recipe_json, '37.0', '39.0')")
    engine = await make_engine()
    assert batch.batch_id not in engine.batches
    assert "was altered" in engine.restore_problems[0]


async def test_hooks_and_views(make_engine, operator):
    audit = []
    engine = await make_engine(on_audit=lambda *entry: audit.append(entry))
    batch = await engine.create_batch(
        small_recipe(), operator, barcode=BARCODE, coi=COI, shuttle="shuttle-01", bay=1
    )
    actor, action, target, old, new, reason = audit[0]
    assert old is None
    assert actor == operator and action == "batch.created"
    assert target == f"batch {batch.batch_id} cartridge/load/prepare shuttle-01 bay 1"
    assert new.startswith("small-test v0.1 (") and reason == f"cartridge {BARCODE}"
    await engine.start_batch(batch.batch_id, operator)
    (view,) = engine.snapshot()
    assert view.state is S.RUNNING and view.waiting_for_people
    assert view.step == "cartridge/load/prepare" and view.phase_name == "Prepare cartridge"
    assert (view.steps_completed, view.steps_total) == (0, 6)
    assert view.recipe_hash == batch.recipe.content_hash and view.bay == 1


async def test_batches_run_at_once_across_bays_and_shuttles(make_engine, plant, operator):
    second = CellShuttle(
        "shuttle-02",
        MockBackend(ShuttleModel("shuttle-02", 2, seed=5), plant.clock, tick_s=TICK_S),
        bays=2,
    )
    await second.connect()
    try:
        # This station has two shuttles.
        engine = await make_engine(devices={**plant.devices, "shuttle-02": second})
        batches = []
        for index, (shuttle, bay) in enumerate(
            [("shuttle-01", 1), ("shuttle-01", 2), ("shuttle-02", 1)]
        ):
            batch = await engine.create_batch(
                small_recipe(),
                operator,
                barcode=f"CDK-{index}",
                coi=f"COI-{index}",
                shuttle=shuttle,
                bay=bay,
            )
            await engine.start_batch(batch.batch_id, operator)
            batches.append(batch)
        crews = [AutoOperator(engine, b.batch_id) for b in batches]
        results = await asyncio.gather(*(crew.run(timeout_s=20) for crew in crews))
        assert results == [S.COMPLETE] * 3
        assert second.latest["shuttle-02/bay-01/cartridge/barcode"].value == "CDK-2"
    finally:
        await second.close()
