"""A short soak of the full plant: half a day of production at 8000x with a short
product, so that every producing bay finishes batches and starts new ones. No task or
timer leak, bounded memory growth; figures, never timings."""

from __future__ import annotations

import pytest

from app.batch import Recipe, parse_recipe_text
from app.cli import main
from app.soak import FLAT_LIMIT_MB, SoakSample, bench_soak, memory_figures

# Identity scan and signatures, loading, a 2 h module: about 2.5 h per batch, so each
# bay turns over several cartridges in half a day.
SHORT_PRODUCT = """
format = 1
id = "soak-short"
name = "Short product for soak tests"
version = "1.0"
status = "released"
approved_by = "QA Test"

[[unit_procedures]]
id = "cartridge"
name = "Cartridge"

[[unit_procedures.operations]]
id = "make"
name = "Make"

[[unit_procedures.operations.phases]]
id = "prepare"
name = "Prepare cartridge"
duration_h = 0.1
scans = [{ id = "cartridge", label = "Cartridge barcode", match = "cartridge" }]
confirmations = ["Weld checked"]
signatures = ["performed", "verified"]
end = { type = "confirmation" }

[[unit_procedures.operations.phases]]
id = "load"
name = "Load cartridge"
duration_h = 0.05
action = { type = "load_cartridge" }
end = { type = "immediate" }

[[unit_procedures.operations.phases]]
id = "select"
name = "Selection"
duration_h = 2.0
action = { type = "start_module", module = "magnetic-selection", duration_h = 2.0 }
end = { type = "equipment" }
"""


def short_product() -> Recipe:
    recipe, problems = parse_recipe_text(SHORT_PRODUCT, "soak-short.toml")
    assert recipe is not None, problems
    return recipe


@pytest.mark.timeout(300)  # the run itself is capped at 180 s of wall time
def test_half_a_day_of_the_full_plant_leaks_nothing():
    # On a loaded machine the simulated clock runs ahead of a starved station (stale
    # values hold batches), so the run goes on until a batch completed, within 3 minutes.
    report = bench_soak(
        days=0.5,
        speed=8000.0,
        samples=5,
        recipe=short_product(),
        until_completed=2,
        max_wall_s=180.0,
    )
    assert report["soak_devices"] == 58 and report["soak_bays"] == 768
    assert report["soak_sim_days"] >= 0.5 and report["soak_recipe"] == "soak-short"
    # Production turned over: bays finished batches and started new ones (how many
    # depends on the machine's load, so only that it happened is asserted).
    assert report["soak_batch_bays"] == 16
    assert report["soak_batches_completed"] >= 1, report
    assert report["soak_batches_started"] > report["soak_batch_bays"], report
    assert report["soak_audit_trail_rows"] > 100 and report["soak_alarm_events_rows"] > 0
    # Nothing piles up. At the start every producing bay has a batch driver; later a bay
    # between cartridges has none for a moment, so a leak shows as more, never as fewer.
    assert report["soak_tasks_max"] == report["soak_tasks_start"], report
    assert report["soak_tasks_end"] <= report["soak_tasks_start"], report
    bays_between_batches = report["soak_tasks_start"] - report["soak_tasks_end"]
    assert bays_between_batches <= report["soak_batch_bays"], report
    # Short-lived ones come and go: at most one wait per task that lives long.
    assert report["soak_all_tasks_max"] <= 2 * report["soak_tasks_start"], report
    # Every timer is a task waiting (a sleep, a timeout); one without its task leaked.
    assert report["soak_timers_max"] <= report["soak_all_tasks_max"] + 5, report
    # Memory: SQLite holds no more than its caches' budget (plus schemas and statements),
    # and what grew beyond SQLite's caches filling (a short run ends before they are
    # full) is bounded. Measured 4.3 MB here (and 5.6 MB in 7 days at 1000x).
    assert max(report["soak_sqlite_mb"]) < report["soak_sqlite_cache_budget_mb"] + 4.0, report
    assert report["soak_rss_growth_beyond_sqlite_mb"] < 15.0, report["soak_rss_samples_mb"]
    # The alarm engine keeps one alarm per batch deviation (annunciated until
    # acknowledged); nothing else adds alarms while the plant runs.
    added = report["soak_alarms_end"] - report["soak_alarms_start"]
    assert added <= report["soak_deviations_rows"]


def sampled(rss: list[float], sqlite: list[float]) -> list[SoakSample]:
    return [
        SoakSample(day, r, q, 0.0, 700_000, 150, 160, 150, 8_000)
        for day, (r, q) in enumerate(zip(rss, sqlite, strict=True))
    ]


def test_memory_is_flat_when_nothing_after_the_warm_up_rises_past_the_limit():
    caches_filling = sampled([110, 140, 141, 143, 142], [5, 34, 34, 34, 34])
    figures = memory_figures(caches_filling, warm_index=1)
    assert figures["soak_rss_start_mb"] == 110 and figures["soak_rss_warm_mb"] == 140
    assert figures["soak_rss_end_mb"] == 142 and figures["soak_rss_growth_after_warmup_mb"] == 3
    assert figures["soak_rss_flat"] is True
    assert figures["soak_rss_growth_beyond_sqlite_mb"] == 3  # 32 of the 35 MB was SQLite
    # A step after the warm-up counts even if the end came back down a little.
    step = sampled([110, 140, 141, 140 + FLAT_LIMIT_MB + 5, 140 + FLAT_LIMIT_MB], [5] + [34] * 4)
    figures = memory_figures(step, warm_index=1)
    assert figures["soak_rss_flat"] is False
    assert figures["soak_rss_growth_after_warmup_mb"] == FLAT_LIMIT_MB + 5


@pytest.mark.parametrize("bad", [["--days", "0"], ["--speed", "-1"], ["--warmup-days", "40"]])
def test_soak_refuses_nonsense(bad: list[str]):
    with pytest.raises(ValueError, match="soak needs"):
        main(["bench", "soak", *bad])
