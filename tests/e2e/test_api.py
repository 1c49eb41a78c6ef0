"""As an employee who wants the data in a program: from the footer to the API page, a key made by
keyboard, the plans read as JSON with it and the oppdrag list as CSV; the oppdrag list page's own
download; axe on the API page."""

import csv
import io
import pathlib

import pytest
from playwright.sync_api import expect

from .conftest import sjekk_axe, skjermbilete

pytestmark = pytest.mark.browser


def test_an_employee_makes_a_key_and_reads_plans_as_json_and_oppdrag_as_csv(demo, live_server, logg_inn):
    page = logg_inn("tenesteleiar.skule@alver.example")
    page.get_by_role("contentinfo").get_by_role("link", name="Opne data (API)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opne data (API)")
    expect(page.get_by_text("Du har ingen nøkkel.")).to_be_visible()
    sjekk_axe(page)

    page.get_by_role("button", name="Lag ein nøkkel").focus()
    page.keyboard.press("Enter")
    felt = page.get_by_label("Den nye nøkkelen din. Kopier han no: han blir ikkje vist igjen.")
    expect(felt).to_be_visible()
    nokkel = felt.input_value()
    assert len(nokkel) == 40
    sjekk_axe(page)
    skjermbilete(page, "api-01-nokkel")

    # a program, with no session of its own: the key alone says who reads
    program = page.context.browser.new_context()
    try:
        hovud = {"Authorization": f"Token {nokkel}"}
        planar = program.request.get(f"{live_server.url}/api/v1/planar/", headers=hovud)
        assert planar.ok and planar.headers["content-type"] == "application/json"
        data = planar.json()
        assert data["count"] > 0
        oppvekst = next(p for p in data["results"] if p["tittel"] == "Kommunedelplan for oppvekst 2024–2030")
        plan = program.request.get(oppvekst["url"], headers=hovud).json()
        assert plan["maal"] and plan["maal"][0]["tittel"]  # the goal tree comes with the plan
        oppdrag = program.request.get(f"{live_server.url}/api/v1/oppdrag/?format=csv&aar=2026", headers=hovud)
        assert oppdrag.ok and oppdrag.headers["content-type"].startswith("text/csv")
        rader = list(csv.DictReader(io.StringIO(oppdrag.text().lstrip("\ufeff"))))
        assert rader and all(r["aar"] == "2026" for r in rader)
        assert any(r["status"] for r in rader)  # with the key: the internal status too
    finally:
        program.close()

    # the oppdrag list downloads as it is filtered
    page.goto(f"{live_server.url}/oppdrag/?aar=2026")
    skjermbilete(page, "api-02-oppdragsliste")
    with page.expect_download() as lasta:
        page.get_by_role("link", name="Eksporter til CSV").click()
    fil = lasta.value
    assert fil.suggested_filename.endswith(".csv")
    tekst = pathlib.Path(fil.path()).read_text(encoding="utf-8-sig")
    assert len(list(csv.reader(io.StringIO(tekst)))) > 1
