"""Typed addresses and the persistent cache of peers that answered."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from nosedive.core.errors import UsageError
from nosedive.net.peers import MAX_CACHED_PEERS, PeerCache, parse_address

KEY_A, KEY_B = "a" * 64, "b" * 64


@pytest.mark.parametrize("text, expected", [("192.168.1.20:41234", ("192.168.1.20", 41234)),
                                            (" host.local:80 ", ("host.local", 80))])
def test_addresses_people_type(text: str, expected: tuple[str, int]) -> None:
    assert parse_address(text) == expected


@pytest.mark.parametrize("text", ["192.168.1.20", ":80", "host:0", "host:70000", "host:port", "[::1]:80"])
def test_bad_addresses_say_what_to_type(text: str) -> None:
    with pytest.raises(UsageError, match="HOST:PORT|IPv4"):
        parse_address(text)


def test_the_cache_survives_restarts_newest_first(tmp_path: Path) -> None:
    path = tmp_path / "peers.json"
    cache = PeerCache(path)
    cache.remember(KEY_A, "10.0.0.1", 4000)
    cache.remember(KEY_B, "10.0.0.2", 5000)
    cache.remember(KEY_A, "10.0.0.9", 4001)  # A moved: its newest address comes first
    again = PeerCache(path)
    listed = again.addresses()
    assert listed.index(("10.0.0.9", 4001)) < listed.index(("10.0.0.1", 4000))
    assert set(again.addresses()) == {("10.0.0.9", 4001), ("10.0.0.1", 4000), ("10.0.0.2", 5000)}


def test_a_corrupt_or_hostile_cache_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "peers.json"
    path.write_text("{not json")
    assert PeerCache(path).addresses() == []
    path.write_text(json.dumps({KEY_A: {"addresses": ["evil", "10.0.0.1:99999", "10.0.0.1:80"]}, "short": {}}))
    assert PeerCache(path).addresses() == [("10.0.0.1", 80)]


def test_the_cache_is_bounded(tmp_path: Path) -> None:
    cache = PeerCache(tmp_path / "peers.json")
    for index in range(MAX_CACHED_PEERS + 20):
        cache.remember(f"{index:064x}", "10.0.0.1", 1000 + index)
    assert len(PeerCache(tmp_path / "peers.json")._entries) <= MAX_CACHED_PEERS
