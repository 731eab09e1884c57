"""The window's process and Python's cycle collector: a full collection must never stall a frame.

CPython's collector runs in whichever thread allocates when a generation's count is reached; a full
(generation 2) pass walks every tracked object of the process: Qt's wrappers, every module, every
class. Measured behind the real window: 80,000 objects, 31–43 ms per full pass, and the engine's
reader thread (unpickling a snapshot) triggered one while holding the GIL — a 46 ms stall of the GUI
thread in a cold join. What the window builds at start-up lives as long as the window does, so it is
collected once and then frozen (``gc.freeze``: kept out of every later pass); later passes look only
at what came after (snapshots, rows), a millisecond or two. Cyclic garbage made after this is still
collected as usual.
"""
from __future__ import annotations

import gc


def settle() -> None:
    """Once, when the window's process has built its window and before it shows it."""
    gc.collect()
    gc.freeze()
