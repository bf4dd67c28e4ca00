"""Network measures on small graphs worked out by hand (no database)."""

from __future__ import annotations

from joinedup.partnerships.network import Node, Rating, compare, compute

ABCD = [Node("a", "vcs"), Node("b", "nhs"), Node("c", "council"), Node("d", "police")]


def star():
    # c is the hub; every leaf and the hub name each other.
    ratings = []
    for leaf in "abd":
        ratings += [Rating("c", leaf, 3), Rating(leaf, "c", 3)]
    return compute(ABCD, ratings)


def ring():
    # a -> b -> c -> d -> a, each tie reported by one side only.
    return compute(ABCD, [Rating(x, y, 2) for x, y in ["ab", "bc", "cd", "da"]])


def test_star():
    m = star()
    assert m.density == 0.5  # 3 ties of 6 possible
    assert m.centralisation == 1.0  # (2+2+2) / ((4-1)(4-2))
    assert m.reciprocity == 1.0
    assert m.members["c"].degree == 3 and m.members["a"].degree == 1
    assert m.members["c"].betweenness == 1.0  # on all 3 leaf-to-leaf paths, of 3
    assert m.members["a"].betweenness == 0.0
    assert m.brokers == ["c"]
    assert m.isolated == []


def test_ring():
    m = ring()
    assert m.density == 0.667  # 4 of 6
    assert m.centralisation == 0.0  # every degree is 2
    assert m.reciprocity == 0.0  # nobody named back
    # a lies on one of the two shortest paths between b and d: 0.5, normalised by 3 pairs
    assert all(m.members[i].betweenness == 0.167 for i in "abcd")
    assert sorted(m.brokers) == ["a", "b", "c", "d"]


def test_disconnected_pair():
    m = compute([Node("a"), Node("b")], [])
    assert m.density == 0.0
    assert m.centralisation is None  # undefined under 3 members
    assert m.reciprocity is None  # no tie to reciprocate
    assert m.isolated == ["a", "b"]
    assert m.brokers == []


def test_two_separate_pairs():
    m = compute(ABCD, [Rating("a", "b", 1), Rating("c", "d", 5)])
    assert m.density == 0.333
    assert m.centralisation == 0.0
    assert all(m.members[i].betweenness == 0.0 for i in "abcd")
    assert m.isolated == []


def test_closeness_zero_is_no_tie_and_strangers_and_self_ratings_are_ignored():
    m = compute(
        ABCD, [Rating("a", "b", 0), Rating("a", "a", 5), Rating("a", "zz", 5), Rating("c", "d", 1)]
    )
    assert m.ties == {frozenset("cd")}
    assert m.isolated == ["a", "b"]


def test_reciprocity_leaves_out_pairs_with_a_member_who_did_not_answer():
    nodes = [Node("a"), Node("b", responded=False), Node("c")]
    m = compute(nodes, [Rating("a", "b", 3), Rating("a", "c", 3), Rating("c", "a", 2)])
    assert m.reciprocity == 1.0  # only a-c counts, and it is mutual


def test_trust_and_value_as_rated_by_others_need_three_raters():
    ratings = [
        Rating(
            "a",
            "d",
            3,
            reliability=4,
            shared_mission=4,
            openness=4,
            influence=4,
            involvement=3,
            resources=2,
        ),
        Rating("b", "d", 3, reliability=2, shared_mission=2, openness=2),
        Rating(
            "c", "d", 3, reliability=3, shared_mission=3, influence=1, involvement=1, resources=1
        ),
        Rating("a", "c", 3, reliability=4, shared_mission=4, openness=4),
        Rating("b", "c", 3, reliability=1, shared_mission=1, openness=1),
    ]
    m = compute(ABCD, ratings)
    assert m.members["d"].trust == 3.0  # (4 + 2 + 3) / 3
    assert m.members["d"].value == 2.0  # (3 + 1) / 2, b gave no value ratings
    assert m.members["d"].raters == 3
    assert m.members["c"].trust is None  # two raters would show each one's view
    assert m.members["c"].raters == 2


def test_pairs_that_see_each_other_very_differently():
    ratings = [Rating("a", "b", 4), Rating("b", "a", 1), Rating("a", "c", 2), Rating("c", "a", 1)]
    ratings.append(Rating("c", "b", 2))  # b does not name c at all: 2 against 0
    m = compute(ABCD[:3], ratings)
    pairs = {(p.a, p.b): p.difference for p in m.divergent_pairs}
    assert pairs == {("a", "b"): 3, ("b", "c"): 2}


def test_divergence_needs_both_to_have_answered():
    nodes = [Node("a"), Node("b", responded=False)]
    assert compute(nodes, [Rating("a", "b", 5)]).divergent_pairs == []


def test_change_from_star_to_ring():
    change = compare(ring(), star())
    assert change.density == 0.167
    assert change.centralisation == -1.0
    assert change.reciprocity == -1.0
    assert change.new_ties == {frozenset("ab"), frozenset("ad")}
    assert change.lost_ties == {frozenset("ac")}


def test_change_ignores_members_who_were_not_in_both_surveys():
    before = compute(ABCD[:3], [Rating("a", "b", 2)])
    now = compute(ABCD, [Rating("a", "b", 2), Rating("a", "d", 2)])
    change = compare(now, before)
    assert change.new_ties == set()
    assert change.lost_ties == set()
