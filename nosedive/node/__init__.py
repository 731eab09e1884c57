"""The node: the composition root that wires identity, ledger, room view, peers and discovery."""
from nosedive.node.node import Node, NodeConfig

__all__ = ["Node", "NodeConfig"]
