"""The place in Chromium, without JavaScript: a partnership manager imports an indicator file,
draws a line stop by stop, reads it along the line, and reads unmet need and referrals by
area, on a phone (375 px) with axe-core on every page."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest

from joinedup.directory.models import Service
from joinedup.insights.place_periods import last_full_quarter_end
from joinedup.referrals.models import Person, Referral, Status
from joinedup.search.models import UnmetNeed
from tests.browser.conftest import assert_accessible, follow, page_width, pams_partnership

expect = pytest.importorskip("playwright.sync_api").expect

PHONE = {"width": 375, "height": 800}
INDICATORS = (
    "area_code,area_name,indicator,period,value,sex\n"
    "NE6,Walker,Life expectancy (fictional),2016-20,73.2,Male\n"
    "NE6,Walker,Life expectancy (fictional),2016-20,78.9,Female\n"
    "NE2,Jesmond,Life expectancy (fictional),2016-20,83.1,Male\n"
    "NE2,Jesmond,Life expectancy (fictional),2016-20,86.4,Female\n"
    "NE99ZZ,Nowhere,Life expectancy (fictional),2016-20,70,Male\n"
)


@pytest.fixture
def place(pam, alice, carers_centre) -> Any:
    partnership = pams_partnership(pam, carers_centre)
    service = Service.objects.create(organization=carers_centre, name="Carers' check")
    # In the last full quarter: what the pages show first.
    end = last_full_quarter_end(datetime.date.today()) - datetime.timedelta(days=30)
    when = datetime.datetime.combine(end, datetime.time(12), tzinfo=datetime.UTC)
    for postcode, n in (("NE6 1AA", 8), ("NE2 1AA", 6), ("NE4 1AA", 2)):
        for _ in range(n):
            person = Person.objects.create(organization=carers_centre, name="P", postcode=postcode)
            Referral.objects.create(
                person=person,
                referring_organization=carers_centre,
                service=service,
                receiving_organization=carers_centre,
                intake_mode="joinedup",
                need="Help",
                status=Status.REQUESTED,
                status_changed_at=when,
                requested_at=when,
            )
    UnmetNeed.objects.create(day=when.date(), theme="carer", area="NE6", band="none", count=7)
    UnmetNeed.objects.create(day=when.date(), theme="carer", area="NE6", band="enough", count=21)
    return partnership


def sign_in(page: Any, user: Any, password: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name=re.compile("^Sign out"))).to_be_visible()


def check(page: Any) -> None:
    assert_accessible(page)
    assert page_width(page) <= PHONE["width"], page.url


def test_manager_imports_draws_a_line_and_reads_the_place(
    page_without_js, pam, password, place, tmp_path: Path
):
    page = page_without_js
    sign_in(page, pam, password)
    page.set_viewport_size(PHONE)

    page.goto(f"/insights/{place.pk}/indicators/")
    check(page)
    follow(page, "Import indicators")
    check(page)
    page.get_by_role("button", name="Import").click()  # no file chosen
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a CSV file")
    check(page)
    upload = tmp_path / "life-expectancy.csv"
    upload.write_text(INDICATORS)
    page.get_by_label("Upload a CSV file").set_input_files(str(upload))
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".govuk-panel")).to_contain_text("4 values kept")
    expect(page.get_by_text("“NE99ZZ” is not an area code we know")).to_be_visible()
    check(page)

    page.goto(f"/insights/{place.pk}/lines/")
    check(page)
    follow(page, "Add a line")
    page.get_by_label("Name of the line").fill("Fictional Metro")
    page.locator("#id_stops-0-name").fill("Jesmond")
    page.locator("#id_stops-0-area_code").fill("NE2")
    page.locator("#id_stops-1-name").fill("Walker")
    page.locator("#id_stops-1-area_code").fill("NE6")
    page.locator("#id_stops-2-name").fill("Nowhere")
    page.locator("#id_stops-2-area_code").fill("QQ")
    page.get_by_role("button", name="Save the line").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("“QQ” is not an area code")
    check(page)
    page.locator("#id_stops-2-remove").check()
    # Walker first: renumber the rows, no dragging needed.
    page.locator("#id_stops-0-order").fill("2")
    page.locator("#id_stops-1-order").fill("1")
    page.get_by_role("button", name="Save the line").click()
    expect(page.get_by_role("heading", name="Fictional Metro")).to_be_visible()
    expect(page.locator("svg[role=img]")).to_be_visible()
    expect(page.locator("table").first).to_contain_text("1. Walker")
    expect(page.locator("table").first).to_contain_text("86.4")
    check(page)

    follow(page, "Unmet need")
    expect(page.get_by_role("heading", name="Unmet need", level=1)).to_be_visible()
    check(page)
    follow(page, "Referrals by area")
    expect(page.locator("svg[role=img]")).to_be_visible()
    check(page)
    # The table downloads as CSV with the page's cells: NE4's 2 is not shown there either.
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"CSV.*Referrals by postcode district")).click()
    assert re.fullmatch(r"referrals-by-district-.+-to-.+\.csv", download.value.suggested_filename)
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("District,Places,Referrals,Period before")
    assert "NE6," in text and ",8," in text
    assert re.search(r"^NE4,.*Not shown", text, re.MULTILINE) and ",2," not in text
