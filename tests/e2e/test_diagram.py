"""Charts in Chromium with the site's stylesheets: two charts and an empty one on a page pass
axe (the SVG's name, contrast, the table's headers, no duplicate ids), and a keyboard user
opens «Show the numbers» and reads the table. The page is the partial as apps include it,
served from memory with the real static files, so no database is needed."""

from decimal import Decimal as D
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from playwright.sync_api import expect

from alver.lib.diagram import Serie, linjediagram

from .conftest import sjekk_axe, skjermbilete

pytestmark = pytest.mark.browser

VERT = "http://alver.test"
STATIC = Path(settings.BASE_DIR) / "static"


def _side():
    with translation.override("nn"):
        aar = ["2021", "2022", "2023", "2024", "2025", "2026"]
        diagram = [
            linjediagram(
                "Del born 1–5 år med barnehageplass",
                "Alver mot kommunegruppa og landet",
                aar,
                [
                    Serie("Alver", [D("91.2"), D("92.0"), None, D("93.4"), D("94.1"), None], "eiga"),
                    Serie("Mål", [None, None, D("92"), D("93"), D("95"), D("96")], "maal"),
                    Serie(
                        "Kommunegruppe 13",
                        [D("88"), D("89.5"), D("90.1"), D("90.3"), D("91"), None],
                        "samanlikning",
                    ),
                    Serie("Landet", [D("90"), D("90.5"), D("91.1"), D("92.3"), D("92.5"), None], "landet"),
                ],
                "prosent",
                1,
            ),
            linjediagram(
                "Netto driftsresultat",
                "",
                aar,
                [Serie("Alver", [D("-1.5"), D("2.3"), D("0.4"), D("-0.8"), D("1.2"), None], "eiga")],
                "prosent",
                1,
            ),
            linjediagram("Sjukefråvær", "", aar, [Serie("Alver", [None] * 6, "eiga")], "prosent", 1),
        ]
        innhald = "".join(render_to_string("partials/diagram.html", {"diagram": d}) for d in diagram)
    return (
        '<!DOCTYPE html><html lang="nn" data-color-scheme="light"><head><meta charset="utf-8"><title>Diagram</title>'
        '<link rel="stylesheet" href="/static/vendor/designsystemet/theme.css">'
        '<link rel="stylesheet" href="/static/vendor/designsystemet/designsystemet.css">'
        '<link rel="stylesheet" href="/static/css/alver.css"></head>'
        f"<body><main><h1>Indikatorar</h1>{innhald}</main></body></html>"
    )


def test_charts_pass_axe_and_the_numbers_open_by_keyboard(page):
    html = _side()

    def svar(route):
        sti = route.request.url.removeprefix(VERT)
        if sti.startswith("/static/"):
            fil = (STATIC / sti.removeprefix("/static/")).resolve()
            assert fil.is_relative_to(STATIC)
            route.fulfill(path=str(fil), content_type="text/css" if fil.suffix == ".css" else None)
        else:
            route.fulfill(body=html, content_type="text/html; charset=utf-8")

    page.route(f"{VERT}/**", svar)
    page.goto(f"{VERT}/")
    bilete = page.get_by_role("img")
    expect(bilete).to_have_count(3)
    expect(page.get_by_role("img", name="Del born 1–5 år med barnehageplass")).to_be_visible()
    sjekk_axe(page)

    tabell = page.get_by_role("table", name="Del born 1–5 år med barnehageplass (%)")
    expect(tabell).to_be_hidden()
    page.locator("summary").first.focus()
    page.keyboard.press("Enter")
    expect(tabell).to_be_visible()
    expect(tabell.get_by_role("row")).to_have_count(7)  # the heading and 2021–2026 (2026 has a target)
    expect(tabell.get_by_role("row", name="2025")).to_contain_text("94,1")
    sjekk_axe(page)
    skjermbilete(page, "diagram")
