from __future__ import annotations

import pytest

from joinedup.core import postcodes
from joinedup.core.postcodes import PostcodeError


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("BS5 6XX", "BS5 6XX"),
        ("bs5 6xx", "BS5 6XX"),
        ("BS56XX", "BS5 6XX"),
        ("  bs5   6xx ", "BS5 6XX"),
        ("b s 5 6 x x", "BS5 6XX"),
        ("bs5", "BS5"),
        (" BS16 ", "BS16"),
        ("W1A 1AA", "W1A 1AA"),  # A9A
        ("m1 1ae", "M1 1AE"),  # A9
        ("B33 8TH", "B33 8TH"),  # A99
        ("CR2 6XH", "CR2 6XH"),  # AA9
        ("DN55 1PT", "DN55 1PT"),  # AA99
        ("EC1A 1BB", "EC1A 1BB"),  # AA9A
    ],
)
def test_normalise_accepts_every_uk_shape(typed, expected):
    assert postcodes.normalise(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "hello",
        "12345",
        "BS",
        "BS5 6X",
        "BS5 6XXX",
        "BSS5 6XX",
        "BS5 XXX",
        "BS5 6CI",
        "5BS",
    ],
)
def test_normalise_rejects_other_shapes(typed):
    with pytest.raises(PostcodeError):
        postcodes.normalise(typed)


def test_invalid_postcode_message_says_what_to_enter():
    with pytest.raises(PostcodeError, match="not a valid UK postcode"):
        postcodes.normalise("hello")


def test_outcode_of_full_postcode_and_of_outcode():
    assert postcodes.outcode("bs5 6xx") == "BS5"
    assert postcodes.outcode("ec1a1bb") == "EC1A"
    assert postcodes.outcode("bs16") == "BS16"


def test_is_full_postcode():
    assert postcodes.is_full_postcode("bs56xx")
    assert not postcodes.is_full_postcode("BS5")
    assert not postcodes.is_full_postcode("not a postcode")


def test_locate_gives_the_district_centroid():
    lat, lng = postcodes.locate("bs5 6xx")
    assert lat == pytest.approx(51.4622, abs=1e-4)
    assert lng == pytest.approx(-2.55287, abs=1e-4)
    assert postcodes.locate("BS5") == (lat, lng)


def test_locate_unknown_postcode_is_a_clear_error():
    with pytest.raises(PostcodeError, match="ZZ99 9ZZ is not a UK postcode we know"):
        postcodes.locate("zz99 9zz")


def test_locate_invalid_postcode_is_a_clear_error():
    with pytest.raises(PostcodeError, match="not a valid UK postcode"):
        postcodes.locate("nowhere")


@pytest.mark.parametrize("code", ["AB1", "AB2 1AA", "BS12"])
def test_terminated_districts_are_unknown(code):
    with pytest.raises(PostcodeError, match="not a UK postcode we know"):
        postcodes.locate(code)


@pytest.mark.parametrize("code", ["AB99", "BS98 1TL", "BS99", "B99"])
def test_non_geographic_districts_are_unknown(code):
    with pytest.raises(PostcodeError, match="not a UK postcode we know"):
        postcodes.locate(code)


def test_districts_without_coordinates_are_unknown():
    assert "BS38" not in postcodes.districts()
    assert "BN91" not in postcodes.districts()


def test_girobank_is_valid_but_not_a_place():
    assert postcodes.normalise("gir0aa") == "GIR 0AA"
    with pytest.raises(PostcodeError, match="not linked to a place"):
        postcodes.locate("GIR 0AA")


def test_table_holds_live_districts_across_the_uk():
    table = postcodes.districts()
    assert len(table) > 2500
    for code in ("BS1", "EH1", "SW1A", "CF10", "BT1", "IV1"):
        assert code in table
    assert table["BS5"].region == "Bristol"


def test_distance_between_neighbouring_bristol_districts_is_a_few_km():
    km = postcodes.distance_m(*postcodes.locate("BS1"), *postcodes.locate("BS5")) / 1000
    assert 2 < km < 4


def test_distance_london_to_edinburgh_is_about_530_km():
    km = postcodes.distance_m(*postcodes.locate("SW1A 1AA"), *postcodes.locate("EH1 1YZ")) / 1000
    assert 515 < km < 545


def test_distance_to_itself_is_zero_and_symmetric():
    a, b = postcodes.locate("BS1"), postcodes.locate("CF10")
    assert postcodes.distance_m(*a, *a) == 0
    assert postcodes.distance_m(*a, *b) == pytest.approx(postcodes.distance_m(*b, *a))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("nowhere to sleep, BS5", "BS5"),
        ("nowhere to sleep, bs5", "BS5"),
        ("carer in bs16 needs a break", "BS16"),
        ("I live at bs5 6xx and need food", "BS5 6XX"),
        ("I live at BS56XX", "BS5 6XX"),
        ("moved from BS3 to BS5 6XX", "BS5 6XX"),  # a full postcode wins
        ("debt advice near B12", "B12"),
        ("BS5", "BS5"),
    ],
)
def test_find_postcode_in_text_finds_places(text, found):
    assert postcodes.find_postcode_in_text(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "nowhere to sleep",
        "help with debt and rent arrears",
        "vitamin B12 injections",
        "CO2 monitor for damp",
        "roadworks on the A38",
        "covid19 vaccinations",
        "call 01632 960000",
        "meet in room B1 on the 2nd floor",
        "Y2K and U3A groups",
        "open 9am to 5pm",
    ],
)
def test_find_postcode_in_text_ignores_ordinary_words(text):
    assert postcodes.find_postcode_in_text(text) is None
