"""Simulated people: real nodes on loopback that rate and befriend, for ``nosedive demo``."""
from nosedive.sim.simulation import Simulation

__all__ = ["Simulation"]
