"""Scoring against figures worked out by hand (no database)."""

from __future__ import annotations

import pytest

from joinedup.partnerships.scoring import (
    InstrumentSpec,
    ResponseData,
    SectionSpec,
    StatementSpec,
    add_changes,
    band_for,
    breakdown,
    score_wave,
    scored_value,
)

SPEC = InstrumentSpec(
    sections=(
        SectionSpec(
            "a",
            "Section A",
            (
                StatementSpec("a1", "Partners agree on goals.", "aligning-goals"),
                StatementSpec("a2", "Priorities pull us apart.", "competing-priorities", True),
            ),
        ),
        SectionSpec("b", "Section B", (StatementSpec("b1", "We learn together."),)),
    )
)


def four_responses() -> list[ResponseData]:
    return [
        ResponseData({"a1": 5, "a2": 1, "b1": 4}, sector="vcs", level="strategic"),
        ResponseData({"a1": 4, "a2": 2, "b1": 4}, sector="vcs", level="frontline"),
        ResponseData({"a1": 3, "a2": None, "b1": None}, sector="nhs", level="frontline"),
        ResponseData({"a1": 2, "a2": 4, "b1": 2}, sector="nhs", level="strategic"),
    ]


def test_reverse_scored_answer_is_flipped_on_the_scale():
    assert scored_value(1, reverse=True) == 5
    assert scored_value(2, reverse=True) == 4
    assert scored_value(4, reverse=True) == 2
    assert scored_value(4, reverse=False) == 4
    assert scored_value(0, reverse=True, scale_min=0, scale_max=10) == 10


def test_statement_figures_match_hand_computation():
    results = score_wave(SPEC, four_responses())
    a1 = results.statement("a1").stats
    # 5, 4, 3, 2: mean 3.5; population sd sqrt(5/4) = 1.118
    assert (a1.count, a1.mean, a1.sd, a1.minimum, a1.maximum) == (4, 3.5, 1.12, 2, 5)
    assert a1.band == "borderline"


def test_reverse_scored_statement_is_scored_reversed_and_dont_know_is_left_out():
    a2 = score_wave(SPEC, four_responses()).statement("a2").stats
    # raw 1, 2, (don't know), 4 -> scored 5, 4, 2: mean 11/3, sd sqrt(14/9) = 1.247
    assert (a2.count, a2.mean, a2.sd, a2.minimum, a2.maximum) == (3, 3.67, 1.25, 2, 5)


def test_section_is_the_mean_of_each_respondents_section_score():
    section = score_wave(SPEC, four_responses()).section("a")
    # respondent scores: (5+5)/2=5, (4+4)/2=4, 3 (a2 don't know), (2+2)/2=2
    assert (section.stats.count, section.stats.mean, section.stats.sd) == (4, 3.5, 1.12)
    b = score_wave(SPEC, four_responses()).section("b").stats
    assert (b.count, b.mean, b.band) == (3, 3.33, "borderline")


def test_no_answers_gives_no_figures():
    results = score_wave(SPEC, [])
    assert results.respondents == 0
    assert results.section("a").stats is None
    assert results.statement("b1").stats is None


@pytest.mark.parametrize(
    ("mean", "band"),
    [
        (5.0, "strength"),
        (4.0, "strength"),
        (3.95, "strength"),  # shows as 4.0, so it is a strength
        (3.94, "borderline"),
        (3.0, "borderline"),
        (2.95, "borderline"),
        (2.94, "concern"),
        (1.0, "concern"),
    ],
)
def test_bands_follow_the_mean_as_shown_to_one_decimal(mean, band):
    assert band_for(mean) == band


def test_groups_under_five_are_suppressed_with_nothing_shown():
    groups = {
        g.group: g for g in breakdown([("nhs", 4)] * 6 + [("vcs", 2)] * 2 + [("fire", 3)] * 3)
    }
    assert groups["nhs"].stats.mean == 4.0 and groups["nhs"].stats.count == 6
    assert groups["vcs"].suppressed and groups["vcs"].stats is None
    assert groups["fire"].suppressed


def test_a_lone_suppressed_group_takes_the_next_smallest_with_it():
    # council (2) alone would be hidden but recoverable as overall minus nhs and vcs; so vcs (5),
    # the smallest shown group, is hidden too.
    pairs = [("nhs", 4)] * 6 + [("vcs", 3)] * 5 + [("council", 1)] * 2
    groups = {g.group: g for g in breakdown(pairs)}
    assert groups["council"].suppressed
    assert groups["vcs"].suppressed
    assert not groups["nhs"].suppressed


def test_strategic_and_frontline_both_hidden_when_one_is_small():
    pairs = [("strategic", 5)] * 4 + [("frontline", 3)] * 9
    assert all(g.suppressed for g in breakdown(pairs))


def test_five_is_enough():
    pairs = [("strategic", 5)] * 5 + [("frontline", 3)] * 5
    groups = {g.group: g for g in breakdown(pairs)}
    assert groups["strategic"].stats.mean == 5.0
    assert groups["frontline"].stats.mean == 3.0


def test_wave_breakdowns_by_sector_and_level():
    responses = [ResponseData({"a1": 5, "a2": 1, "b1": 5}, "nhs", "strategic")] * 5 + [
        ResponseData({"a1": 2, "a2": 4, "b1": 2}, "vcs", "frontline")
    ] * 5
    section = score_wave(SPEC, responses).section("a")
    sectors = {g.group: g.stats.mean for g in section.by_sector}
    levels = {g.group: g.stats.mean for g in section.by_level}
    assert sectors == {"nhs": 5.0, "vcs": 2.0}
    assert levels == {"strategic": 5.0, "frontline": 2.0}
    assert section.stats.mean == 3.5
    small = score_wave(SPEC, responses[:9]).section("a")  # vcs now has 4
    assert all(g.suppressed for g in small.by_sector)


def test_change_since_previous_wave_by_key():
    before = score_wave(SPEC, four_responses())
    now = score_wave(SPEC, [ResponseData({"a1": 5, "a2": 1, "b1": 4})] * 2)
    add_changes(now, before)
    assert now.has_previous
    assert now.section("a").change == 1.5  # 5.0 - 3.5
    assert now.statement("a2").change == 1.33  # 5.0 - 3.67
    assert now.statement("b1").change == 0.67  # 4.0 - 3.33


def test_no_change_without_a_previous_wave_or_a_matching_key():
    now = score_wave(SPEC, four_responses())
    add_changes(now, None)
    assert now.section("a").change is None and not now.has_previous
    other = InstrumentSpec(sections=(SectionSpec("c", "C", (StatementSpec("c1", "New"),)),))
    add_changes(now, score_wave(other, [ResponseData({"c1": 3})]))
    assert now.section("a").change is None
