"""Discovery without a network: interface rules, TXT round trips, and refusal of bad TXT.

Real multicast between processes is tested in test_netns.py (loopback has none).
"""
from __future__ import annotations

import asyncio
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nosedive.core.messages import MAX_ROOM_NAME_CHARS
from nosedive.net.crypto import room_tag
from nosedive.net.discovery import SERVICE_TYPE, BadTxt, Discovery, PeerHint, encode_txt, instance_name, parse_txt
from nosedive.net.interfaces import choose_addresses, is_skipped_interface

TAG = "0123456789abcdef"


# ------------------------------------------------------------ interfaces
def test_ordinary_interfaces_are_chosen_and_bridges_tunnels_loopback_skipped() -> None:
    pairs = [("lo", "127.0.0.1"), ("docker0", "172.17.0.1"), ("br-1a2b3c", "172.18.0.1"),
             ("virbr0", "192.168.122.1"), ("veth12ab", "10.9.0.1"), ("tun0", "10.8.0.2"), ("tap0", "10.7.0.2"),
             ("wg0", "10.6.0.2"), ("tailscale0", "100.101.102.103"), ("ztabcdef", "10.147.17.5"),
             ("utun3", "10.5.0.2"), ("wlan0", "192.168.1.23"), ("eth0", "10.0.0.5")]
    assert choose_addresses(pairs) == ["192.168.1.23", "10.0.0.5"]


def test_private_addresses_come_first() -> None:
    assert choose_addresses([("eth0", "203.0.113.7"), ("eth1", "192.168.1.5")]) == ["192.168.1.5", "203.0.113.7"]


def test_link_local_only_when_nothing_else() -> None:
    assert choose_addresses([("eth0", "169.254.3.4"), ("wlan0", "192.168.1.9")]) == ["192.168.1.9"]
    assert choose_addresses([("eth0", "169.254.3.4"), ("docker0", "172.17.0.1")]) == ["169.254.3.4"]


def test_falls_back_to_skipped_interfaces_but_never_loopback() -> None:
    assert choose_addresses([("lo", "127.0.0.1"), ("docker0", "172.17.0.1")]) == ["172.17.0.1"]
    assert choose_addresses([("lo", "127.0.0.1"), ("eth0", "127.0.1.1")]) == []
    assert choose_addresses([]) == []


def test_ipv6_garbage_and_duplicates_are_dropped() -> None:
    pairs = [("eth0", "fe80::1"), ("eth0", "not an address"), ("eth0", "0.0.0.0"), ("eth0", "224.0.0.251"),
             ("eth0", "10.0.0.5"), ("eth0:1", "10.0.0.5")]
    assert choose_addresses(pairs) == ["10.0.0.5"]


@pytest.mark.parametrize("name", ["lo", "docker0", "br-abc", "virbr1", "vethA", "tun0", "tap1", "wg0",
                                  "tailscale0", "zt0", "utun2", "Docker0"])
def test_skipped_names(name: str) -> None:
    assert is_skipped_interface(name)


@pytest.mark.parametrize("name", ["eth0", "enp3s0", "wlan0", "wlp2s0", "br0", "en0", "bond0"])
def test_lan_names(name: str) -> None:
    assert not is_skipped_interface(name)


# ------------------------------------------------------------ TXT
def _raw(txt: dict[str, str]) -> dict[bytes, bytes | None]:
    return {k.encode(): v.encode() for k, v in txt.items()}


def test_round_trip() -> None:
    txt = encode_txt(name="Café ☕ 3rd floor", plate=7, tag=TAG)
    hint = parse_txt(_raw(txt), addresses=["10.0.0.5"], port=4242)
    assert hint == PeerHint(name="Café ☕ 3rd floor", plate=7, tag=TAG, addresses=("10.0.0.5",), port=4242)


def test_a_stranger_learns_only_name_plate_and_tag() -> None:
    secret, room_id, facilitator = os.urandom(32), "cd" * 32, "ef" * 32
    txt = encode_txt(name="Class 5B", plate=42, tag=room_tag(secret))
    assert set(txt) == {"v", "name", "plate", "tag"}
    everything = "".join(txt.values()) + instance_name()
    for hidden in (room_id, facilitator, secret.hex(), room_id[:16], facilitator[:16]):
        assert hidden not in everything
    assert instance_name() != instance_name(), "a fresh random name on every run"


@given(name=st.text(st.characters(min_codepoint=0x20, exclude_categories=("Cc", "Cs")), max_size=MAX_ROOM_NAME_CHARS),
       plate=st.integers(0, 99))
def test_round_trip_property(name: str, plate: int) -> None:
    txt = encode_txt(name=name, plate=plate, tag=TAG)
    assert all(len(k) + 1 + len(v.encode()) <= 255 for k, v in txt.items())  # one TXT string each
    hint = parse_txt(_raw(txt), addresses=["192.168.0.2"], port=9)
    assert (hint.name, hint.plate, hint.tag) == (name, plate, TAG)


def test_encode_refuses_what_parse_would_refuse() -> None:
    with pytest.raises(ValueError, match="cannot advertise"):
        encode_txt(name="", plate=1, tag="xyz")
    with pytest.raises(ValueError, match="cannot advertise"):
        encode_txt(name="x" * (MAX_ROOM_NAME_CHARS + 1), plate=1, tag=TAG)
    with pytest.raises(ValueError, match="cannot advertise"):
        encode_txt(name="r", plate=100, tag=TAG)


GOOD = _raw({"v": "2", "name": "Room", "plate": "3", "tag": TAG})


@pytest.mark.parametrize("change, reason", [
    ({b"v": b"1"}, "version"),
    ({b"v": None}, "version"),
    ({b"tag": None}, "tag is not"),
    ({b"tag": TAG.upper().encode()}, "tag is not"),
    ({b"tag": TAG.encode()[:-2]}, "tag is not"),
    ({b"tag": TAG.encode() + b"00"}, "tag is not"),
    ({b"plate": None}, "plate"),
    ({b"plate": b"-1"}, "plate"),
    ({b"plate": b"100"}, "plate"),
    ({b"plate": b"07"}, "plate"),
    ({b"plate": "٣".encode()}, "plate"),  # Arabic-Indic digit: int() would accept it
    ({b"name": b"\xff\xfe"}, "not UTF-8"),
    ({b"name": ("x" * (MAX_ROOM_NAME_CHARS + 1)).encode()}, "limit"),
    ({b"name": b"evil\nname"}, "control"),
    ({b"name": "a\u0085b".encode()}, "control"),
])
def test_bad_txt_is_refused(change: dict[bytes, bytes | None], reason: str) -> None:
    with pytest.raises(BadTxt, match=reason):
        parse_txt({**GOOD, **change}, addresses=["10.0.0.5"], port=5)


@pytest.mark.parametrize("addresses, port, reason", [
    ([], 5, "address"), (["127.0.0.1"], 5, "address"), (["::1", "fe80::2"], 5, "address"),
    (["10.0.0.5"], 0, "port"), (["10.0.0.5"], 70000, "port"), (["10.0.0.5"], None, "port"),
])
def test_bad_service_is_refused(addresses: list[str], port: int | None, reason: str) -> None:
    with pytest.raises(BadTxt, match=reason):
        parse_txt(GOOD, addresses=addresses, port=port)


def test_unknown_txt_keys_are_ignored() -> None:
    assert parse_txt({**GOOD, b"zz": b"future", b"flag": None}, addresses=["10.0.0.5"], port=5).plate == 3


def test_instance_names_are_random_service_names() -> None:
    name = instance_name()
    assert name.endswith("." + SERVICE_TYPE) and name.startswith("nosedive-")


# ------------------------------------------------------------ lifecycle without a LAN
def test_without_addresses_start_and_stop_do_nothing() -> None:
    async def run() -> None:
        found: list[PeerHint] = []
        discovery = Discovery(port=4242, on_peer=found.append, addresses=[])
        await discovery.start()
        await discovery.update(name="Room", plate=1, tag=TAG)
        await discovery.stop()
        assert found == []

    asyncio.run(run())
