"""Labels: a shared name gets the start of its fingerprint, so nobody passes for someone else."""
from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from nosedive.core import keys
from nosedive.room.names import SEPARATOR, fingerprint_tag, fold, labels, looks_like_label, with_role


def key(n: int) -> str:
    """A fixed 64-hex key: labels read only the key's text (through its fingerprint)."""
    return hashlib.sha256(f"person {n}".encode()).hexdigest()


def some_keys(count: int, seed: int = 7) -> list[str]:
    return [key(seed * 1000 + i) for i in range(count)]


def twins() -> tuple[str, str]:
    """Two keys whose fingerprints start with the same four characters (found by birthday search)."""
    seen: dict[str, str] = {}
    n = 0
    while True:
        candidate = key(n)
        start = keys.fingerprint(candidate)[:4]
        if start in seen:
            return seen[start], candidate
        seen[start] = candidate
        n += 1


def test_unique_names_are_shown_as_they_are() -> None:
    ann, bob = some_keys(2)
    assert labels({ann: "Ann", bob: "Bob"}) == {ann: "Ann", bob: "Bob"}


def test_a_shared_name_gets_four_fingerprint_characters() -> None:
    ben, other, ann = some_keys(3)
    shown = labels({ben: "Ben", other: "Ben", ann: "Ann"})
    assert shown[ann] == "Ann"
    assert shown[ben] == f"Ben · {keys.fingerprint(ben)[:4]}"
    assert shown[other] == f"Ben · {keys.fingerprint(other)[:4]}"
    assert shown[ben] != shown[other]


def test_case_and_width_fold_alike() -> None:
    ben, lower, wide = some_keys(3)
    shown = labels({ben: "Ben", lower: "ben", wide: "Ｂｅｎ"})
    assert fold("Ｂｅｎ") == fold("ben") == fold("BEN")
    assert shown[ben].startswith("Ben" + SEPARATOR) and shown[lower].startswith("ben" + SEPARATOR)
    assert shown[wide].startswith("Ｂｅｎ" + SEPARATOR)
    assert len(set(shown.values())) == 3


def test_three_bens_two_of_whose_fingerprints_start_alike_get_more_characters() -> None:
    twin_a, twin_b = twins()
    third = some_keys(1, seed=99)[0]
    shown = labels({twin_a: "Ben", twin_b: "Ben", third: "Ben"})
    assert len(set(shown.values())) == 3
    for person, label in shown.items():
        name, tag = label.split(SEPARATOR)
        assert name == "Ben" and keys.fingerprint(person).startswith(tag)
        assert len(tag.replace("-", "")) > 4  # four characters would show two of them alike
    assert labels({twin_a: "Ben", third: "Ben"})[twin_a] == f"Ben · {keys.fingerprint(twin_a)[:4]}"


def test_the_width_grows_only_as_far_as_needed() -> None:
    one = some_keys(1)[0]
    full = keys.fingerprint(one)
    assert fingerprint_tag(one, 4) == full[:4]
    assert fingerprint_tag(one, 5) == full[:6]  # the hyphen comes along, the count is of characters
    assert fingerprint_tag(one, 8) == full


def test_names_that_look_like_a_label_or_the_role_always_carry_their_fingerprint() -> None:
    ben, fake, boss, forger = some_keys(4)
    shown = labels({ben: "Ben", fake: f"Ben · {keys.fingerprint(ben)[:4]}", boss: "Ann",
                    forger: "Ann (Facilitator)"})
    assert shown[ben] == "Ben"
    assert shown[fake] == f"Ben · {keys.fingerprint(ben)[:4]} · {keys.fingerprint(fake)[:4]}"
    assert with_role(shown[boss], True) == "Ann (facilitator)"
    assert with_role(shown[forger], False) == f"Ann (Facilitator) · {keys.fingerprint(forger)[:4]}"
    assert looks_like_label("Ben ･ X") and looks_like_label("FACILITATOR") and not looks_like_label("Ben")


def test_labels_are_deterministic_whatever_the_order() -> None:
    people = dict(zip(some_keys(6), ["Ben", "ben", "Mia", "Ｂｅｎ", "Mia", "Zoë"], strict=True))
    reversed_order = dict(reversed(list(people.items())))
    assert labels(people) == labels(reversed_order) == labels(dict(people))


@given(st.lists(st.sampled_from(["Ben", "ben", "Ｂｅｎ", "BEN", "Mia", "Ben ·", "x"]), min_size=1, max_size=12))
def test_no_two_people_ever_share_a_label(names: list[str]) -> None:
    people = dict(zip(some_keys(len(names), seed=3), names, strict=True))
    shown = labels(people)
    assert len({fold(label) for label in shown.values()}) == len(people)
    for person, label in shown.items():
        assert label.startswith(people[person])
