"""Chart layout: bars on the scale, band zones from the instrument's bands, words not colour."""

from __future__ import annotations

from joinedup.partnerships import charts
from joinedup.partnerships.scoring import Band


def rects(chart):
    return [s for s in chart.shapes if isinstance(s, charts.Rect)]


def texts(chart):
    return [s.text for s in chart.shapes if isinstance(s, charts.Text)]


def test_bars_end_at_their_mean_on_the_scale():
    chart = charts.bar_chart(
        title="T",
        bars=[
            charts.Bar("Statement 1", 3.0, "borderline", "Borderline"),
            charts.Bar("Statement 2", 5.0, "strength", "Strength"),
        ],
    )
    left, right = charts.LABEL_WIDTH, charts.WIDTH - charts.VALUE_WIDTH
    bars = [r for r in rects(chart) if r.fill == charts.BAR_COLOUR]
    assert [b.x for b in bars] == [left, left]
    assert bars[0].width == (right - left) / 2  # 3 is half way from 1 to 5
    assert bars[1].width == right - left


def test_zones_follow_the_bands_and_are_labelled_in_words():
    chart = charts.bar_chart(title="T", bars=[charts.Bar("Overall", 2.0, "concern", "Concern")])
    zones = [r for r in rects(chart) if r.fill in charts.ZONE_COLOURS.values()]
    assert [z.fill for z in zones] == [
        charts.ZONE_COLOURS["concern"],
        charts.ZONE_COLOURS["borderline"],
        charts.ZONE_COLOURS["strength"],
    ]
    # Concern 1-3 is twice as wide as borderline 3-4 and strength 4-5.
    assert zones[0].width == 2 * zones[1].width == 2 * zones[2].width
    assert {"Concern", "Borderline", "Strength", "2.00 Concern"} <= set(texts(chart))


def test_an_adapted_instrument_with_other_bands_gets_its_own_zones():
    bands = (Band("good", "Good", 3.5), Band("poor", "Poor", None))
    chart = charts.bar_chart(title="T", bars=[], bands=bands)
    assert "Good" in texts(chart) and "Poor" in texts(chart)
    assert "with bands poor from 1, good from 3.5" in chart.description


def test_a_statement_nobody_answered_says_so():
    chart = charts.bar_chart(title="T", bars=[charts.Bar("Statement 1", None, "", "")])
    assert "No answers" in texts(chart)
    assert "Statement 1: no answers" in chart.description


def test_svg_escapes_text_and_names_itself():
    chart = charts.bar_chart(title="<Ours> & theirs", bars=[])
    svg = charts.to_svg(chart, id_prefix="x")
    assert '<title id="x-title">&lt;Ours&gt; &amp; theirs</title>' in svg
    assert 'aria-labelledby="x-title"' in svg and 'aria-describedby="x-desc"' in svg
