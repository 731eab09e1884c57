"""The node: the composition root that wires identity, ledger, room view, peers and discovery."""
from nosedive.node.config import NodeConfig
from nosedive.node.node import Node

__all__ = ["Node", "NodeConfig"]
