"""The ground floor: keys and identities, canonical encoding, signed messages, policies, paths.

Nothing here knows about storage, scores or the network; every other package builds on it.
"""
from nosedive.core.errors import NosediveError, UsageError
from nosedive.core.identity import Identity, load_or_create
from nosedive.core.messages import Message

__all__ = ["Identity", "Message", "NosediveError", "UsageError", "load_or_create"]
