"""Discovery without a network: interface rules, TXT round trips, and refusal of bad TXT.

Real multicast between processes is tested in test_netns.py (loopback has none).
"""
from __future__ import annotations

import asyncio

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nosedive.core.messages import MAX_ROOM_NAME_CHARS
from nosedive.net.discovery import SERVICE_TYPE, BadTxt, Discovery, PeerHint, encode_txt, instance_name, parse_txt
from nosedive.net.interfaces import choose_addresses, is_skipped_interface

KEY = "ab" * 32
ROOM = "cd" * 32
FACILITATOR = "ef" * 32


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
    txt = encode_txt(key=KEY, room_id=ROOM, room_name="Café ☕ 3rd floor", people=7, facilitator=FACILITATOR)
    hint = parse_txt(_raw(txt), addresses=["10.0.0.5"], port=4242)
    assert hint == PeerHint(key=KEY, room_id=ROOM, room_name="Café ☕ 3rd floor", addresses=("10.0.0.5",),
                            port=4242, people=7, facilitator=FACILITATOR)


def test_round_trip_without_room() -> None:
    txt = encode_txt(key=KEY, room_id="", room_name="ignored without a room")
    hint = parse_txt(_raw(txt), addresses=["10.0.0.5", "169.254.1.1"], port=1)
    seen = (hint.room_id, hint.room_name, hint.people, hint.facilitator, hint.addresses)
    assert seen == ("", "", 0, "", ("10.0.0.5",))


@given(name=st.text(st.characters(min_codepoint=0x20, exclude_categories=("Cc", "Cs")), max_size=MAX_ROOM_NAME_CHARS),
       people=st.integers(0, 999_999))
def test_round_trip_property(name: str, people: int) -> None:
    txt = encode_txt(key=KEY, room_id=ROOM, room_name=name, people=people)
    assert all(len(k) + 1 + len(v.encode()) <= 255 for k, v in txt.items())  # one TXT string each
    hint = parse_txt(_raw(txt), addresses=["192.168.0.2"], port=9)
    assert (hint.room_name, hint.people) == (name, people)


def test_people_is_clamped_when_encoding() -> None:
    assert encode_txt(key=KEY, room_id=ROOM, room_name="r", people=10**9)["n"] == "999999"
    assert encode_txt(key=KEY, room_id=ROOM, room_name="r", people=-3)["n"] == "0"


def test_encode_refuses_what_parse_would_refuse() -> None:
    with pytest.raises(ValueError, match="cannot advertise"):
        encode_txt(key="xyz", room_id="", room_name="")
    with pytest.raises(ValueError, match="cannot advertise"):
        encode_txt(key=KEY, room_id=ROOM, room_name="x" * (MAX_ROOM_NAME_CHARS + 1))


GOOD = _raw({"v": "1", "k": KEY, "r": ROOM, "m": "Room", "n": "3", "f": FACILITATOR})


@pytest.mark.parametrize("change, reason", [
    ({b"v": b"2"}, "version"),
    ({b"v": None}, "version"),
    ({b"k": None}, "k is not"),
    ({b"k": KEY.upper().encode()}, "k is not"),
    ({b"k": KEY.encode()[:-2]}, "k is not"),
    ({b"k": KEY.encode() + b"00"}, "k is not"),
    ({b"r": b"room"}, "r is not"),
    ({b"f": b"zz" * 32}, "f is not"),
    ({b"m": b"\xff\xfe"}, "not UTF-8"),
    ({b"m": ("x" * (MAX_ROOM_NAME_CHARS + 1)).encode()}, "limit"),
    ({b"m": b"evil\nname"}, "control"),
    ({b"m": "a\u0085b".encode()}, "control"),
    ({b"n": b"-1"}, "people"),
    ({b"n": b"1234567"}, "people"),
    ({b"n": b"3.5"}, "people"),
    ({b"n": "٣".encode()}, "people"),  # Arabic-Indic digit: int() would accept it
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
    assert parse_txt({**GOOD, b"zz": b"future", b"flag": None}, addresses=["10.0.0.5"], port=5).people == 3


def test_instance_name_is_unique_per_key_and_port() -> None:
    assert instance_name(KEY, 4242) == f"{KEY[:16]}-4242.{SERVICE_TYPE}"
    assert instance_name(KEY, 4242) != instance_name(KEY, 4243) != instance_name("cd" * 32, 4243)


# ------------------------------------------------------------ lifecycle without a LAN
def test_without_addresses_start_and_stop_do_nothing() -> None:
    async def run() -> None:
        found: list[PeerHint] = []
        discovery = Discovery(key=KEY, port=4242, room_id="", room_name="", on_peer=found.append, addresses=[])
        await discovery.start()
        await discovery.update(room_id=ROOM, room_name="Room", people=1, facilitator=KEY)
        await discovery.stop()
        assert found == []

    asyncio.run(run())
