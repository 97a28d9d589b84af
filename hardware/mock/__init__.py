"""Simulated equipment: physics models behind MockBackend, on a SimClock."""

from hardware.mock.base import MockBackend, SimulatedEquipment
from hardware.mock.cellq import CellQModel
from hardware.mock.environment import EnvironmentModel
from hardware.mock.shuttle import ShuttleModel

__all__ = ["CellQModel", "EnvironmentModel", "MockBackend", "ShuttleModel", "SimulatedEquipment"]
