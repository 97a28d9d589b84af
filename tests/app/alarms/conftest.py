import pytest

from app.alarms.definitions import AlarmDefinition, bind
from app.alarms.engine import AlarmEngine
from app.config import parse_plant
from app.security import Actor, Role

PLANT = parse_plant(
    """
[site]
name = "Test"
code = "T"
[station]
name = "K"
[[devices]]
kind = "shuttle"
id = "shuttle-01"
area = "Hall A"
bays = 2
[[devices]]
kind = "shuttle"
id = "shuttle-02"
area = "Hall B"
bays = 2
"""
)


class ManualClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def definition(**fields) -> AlarmDefinition:
    base = {
        "id": "temp-high",
        "scope": "bay",
        "tag": "bioreactor/temperature",
        "condition": "high",
        "limit": 37.5,
        "priority": "medium",
        "message": "Temperature high",
    }
    base.update(fields)
    return AlarmDefinition.model_validate(base)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def make_engine(clock):
    def make(*definitions: AlarmDefinition) -> AlarmEngine:
        alarms, problems = bind([(d, "test") for d in definitions], PLANT)
        assert problems == []
        return AlarmEngine(alarms, clock=clock)

    return make


@pytest.fixture
def operator() -> Actor:
    return Actor("op1", "Olga Operator", Role.OPERATOR)


@pytest.fixture
def supervisor() -> Actor:
    return Actor("sup1", "Sam Supervisor", Role.SUPERVISOR)
