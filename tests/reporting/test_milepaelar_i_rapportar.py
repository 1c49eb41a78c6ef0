"""An oppdrag's milestones where it is reported on: beside the report form (and the closed
period's read-only view), and compactly on the rows of the månadsrapport and the tertialrapport,
page and PDF, without the pages' query counts growing."""

import datetime

from reporting import rapportar
from tests.hjelp import tal_sporjingar
from tests.reporting.test_rapportar import maanad, pdf_tekst, tertial  # noqa: F401
from verksemdsplan import services as oppdragstenester
from verksemdsplan.models import Oppdrag


def _milepael(org, o, tittel, dato, **kw):
    m, _ = oppdragstenester.legg_til_milepael(
        o, user=org["brukarar"]["kommunedirektor"], tittel=tittel, dato=dato, **kw
    )
    return m


def test_the_report_form_shows_the_timeline(org, oppdrag, periode, client_as, klokke):
    _milepael(
        org, oppdrag, "Forprosjekt", datetime.date(2026, 9, 1), ansvarleg_eining=org["einingar"]["skule"]
    )
    m = _milepael(org, oppdrag, "Anbod ute", datetime.date(2026, 11, 1))
    oppdragstenester.merk_milepael(m, ferdig=True, user=org["brukarar"]["kommunalsjef"])
    html = client_as("kommunalsjef").get(f"/rapportering/{periode.kode}/{oppdrag.pk}/").content.decode()
    assert "Milepælar" in html and "Ansvarleg: Skule" in html
    assert html.index("Forprosjekt") < html.index("Anbod ute") < html.index('name="kommentar"')
    assert "ferdig 30.11.2026" in html
    assert "/milepael/" not in html  # nothing to change here: the oppdrag page is where that is done
    # a closed period shows what was reported, with the milestones
    periode.stengd = True
    periode.save()
    html = client_as("kommunalsjef").get(f"/rapportering/{periode.kode}/{oppdrag.pk}/").content.decode()
    assert "Forprosjekt" in html and "Anbod ute" in html


def test_the_monthly_report_shows_milestones_on_deviation_rows(org, maanad, client_as, tmp_path):  # noqa: F811
    skyss = Oppdrag.objects.get(tittel="Skuleskyss")
    _milepael(org, skyss, "Nye sjåførar tilsette", datetime.date(2026, 11, 10))
    c = client_as("kommunalsjef")
    html = c.get(f"/rapportering/{maanad.kode}/maanadsrapport/").content.decode()
    assert "Milepælar: 10.11.2026 Nye sjåførar tilsette (over datoen)" in html
    pdf = pdf_tekst(c.get(f"/rapportering/{maanad.kode}/maanadsrapport.pdf?eining=2000").content, tmp_path)
    assert "Milepælar: 10.11.2026 Nye sjåførar tilsette (over datoen)" in " ".join(pdf.split())


def test_the_tertial_report_shows_milestones_page_and_pdf(org, tertial, oppdrag, client_as, tmp_path):  # noqa: F811
    _milepael(org, oppdrag, "Trafikkteljing", datetime.date(2026, 12, 1))
    html = client_as("kommunedirektor").get(f"/rapportering/{tertial.kode}/tertialrapport/").content.decode()
    assert "Milepælar: 1.12.2026 Trafikkteljing (ikkje ferdig)" in html
    tekst = pdf_tekst(rapportar.pdf("tertial", tertial, rapportar.tertialrapport(tertial)), tmp_path)
    assert "Milepælar: 1.12.2026 Trafikkteljing (ikkje ferdig)" in " ".join(tekst.split())


def test_milestones_do_not_grow_the_report_pages_query_count(org, maanad, tertial, oppdrag, client_as):  # noqa: F811
    c = client_as("kommunedirektor")
    urls = [f"/rapportering/{maanad.kode}/maanadsrapport/", f"/rapportering/{tertial.kode}/tertialrapport/"]
    _milepael(org, oppdrag, "Éin", datetime.date(2026, 6, 1))
    _milepael(org, Oppdrag.objects.get(tittel="Skuleskyss"), "Éin", datetime.date(2026, 6, 1))
    smaa = [tal_sporjingar(c, u) for u in urls]
    for o in Oppdrag.objects.all():
        for i in range(5):
            _milepael(org, o, f"M{i}", datetime.date(2026, 7, 1 + i))
    assert [tal_sporjingar(c, u) for u in urls] == smaa
