"""Rate limits on guesses: a join code is short, so every node limits tries per address."""
from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable


class AttemptLimiter:
    """A token bucket per address: *burst* tries at once, then one every *interval* seconds.

    Bounded in memory: at most *max_addresses* buckets, the least recently used dropped first.
    """

    def __init__(self, *, burst: int = 5, interval: float = 6.0, max_addresses: int = 4096,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.burst, self.interval, self.max_addresses, self.clock = burst, interval, max_addresses, clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # address -> (tokens, when)

    def allow(self, address: str) -> bool:
        """Take one try for *address*; False when it has used up its tries for now."""
        now = self.clock()
        tokens, when = self._buckets.pop(address, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - when) / self.interval)
        allowed = tokens >= 1.0
        self._buckets[address] = (tokens - 1.0 if allowed else tokens, now)
        while len(self._buckets) > self.max_addresses:
            self._buckets.popitem(last=False)
        return allowed

    def retry_after(self, address: str) -> float:
        """Seconds until *address* may try again (0 when it may now)."""
        tokens, when = self._buckets.get(address, (float(self.burst), self.clock()))
        tokens = min(float(self.burst), tokens + (self.clock() - when) / self.interval)
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) * self.interval
