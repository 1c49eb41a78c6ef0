"""The månadsrapport (per unit and kommune) and the tertialrapport for the politicians: the
pages, the PDFs (read back with pdftotext), release, and the kommune-wide PDF job."""

import subprocess

import pytest

from alver.lib import klokke
from reporting import services
from reporting.models import Frekvens, Okonomirapport, Periode, Rapportutskrift, Regel, Statusrapport
from tests.hjelp import tal_sporjingar


def pdf_tekst(innhald, tmp_path):
    fil = tmp_path / "rapport.pdf"
    fil.write_bytes(innhald)
    return subprocess.run(["pdftotext", str(fil), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def maanad(org, periode, oppdrag, fleire):
    """November: Skule's red and yellow, a green with a comment, one unreported; economy for Oppvekst."""
    e, u = org["einingar"], org["brukarar"]

    def rapporter(o, lys, kommentar="", status="forseinka"):
        services.rapporter(
            o, periode, status=status, lys=lys, kommentar=kommentar, framdrift=50, user=u["kommunedirektor"]
        )

    rapporter(fleire(e["skule"], u["tenesteleiar"], "Nytt tak"), "gul", "Seint levert")
    rapporter(fleire(e["skule"], u["tenesteleiar"], "Skuleskyss"), "raud", "Manglar sjåførar")
    rapporter(oppdrag, "gron", "Godt i gang", status="i_rute")
    fleire(e["helse"], e["helse"].leiar, "Velferdsteknologi")
    Okonomirapport.objects.create(
        eining=e["oppvekst"], periode=periode, budsjett=12_000_000, rekneskap=11_500_000, prognose=12_600_000,
        kommentar="Meir spesialundervisning", importert_av=u["okonomi"],
    )  # fmt: skip
    return periode


def test_the_monthly_report_puts_deviations_first_with_economy_and_comments(maanad, client_as):
    svar = client_as("kommunalsjef").get(f"/rapportering/{maanad.kode}/maanadsrapport/")
    assert svar.context["rot"].namn == "Oppvekst"
    (k,) = svar.context["kategoriar"]
    assert [r.oppdrag.tittel for r in k["avvik"]] == ["Skuleskyss", "Nytt tak"]  # red before yellow
    assert [r.kommentar for r in k["kommentarar"]] == ["Godt i gang"]
    assert (k["tal"]["alle"], k["tal"]["raud"], k["tal"]["gul"], k["tal"]["gron"]) == (3, 1, 1, 1)
    html = svar.content.decode()
    assert "Meir spesialundervisning" in html and "\u2212600\u00a0000" in html
    assert "Velferdsteknologi" not in html  # another sector


def test_a_units_monthly_report_pdf_holds_its_text(maanad, client_as, tmp_path):
    svar = client_as("kommunalsjef").get(f"/rapportering/{maanad.kode}/maanadsrapport.pdf?eining=2000")
    assert svar["Content-Type"] == "application/pdf"
    assert svar["Content-Disposition"] == 'attachment; filename="maanadsrapport-2026-m11-2000.pdf"'
    tekst = pdf_tekst(svar.content, tmp_path)
    assert "Månadsrapport november 2026" in tekst and "Oppvekst" in tekst
    assert tekst.index("Skuleskyss") < tekst.index("Nytt tak") and "Manglar sjåførar" in tekst
    assert "12 600 000" in tekst.replace("\u00a0", " ")


def test_the_kommune_wide_pdf_is_made_by_a_task_with_progress(
    maanad, client_as, media, django_capture_on_commit_callbacks, tmp_path
):
    c = client_as("kommunedirektor")
    assert (
        c.get(f"/rapportering/{maanad.kode}/maanadsrapport.pdf?eining=1000").status_code == 302
    )  # not at once
    with django_capture_on_commit_callbacks(execute=True):
        svar = c.post(f"/rapportering/{maanad.kode}/utskrift/", {"type": "maanad"})
    u = Rapportutskrift.objects.get()
    assert svar.url == u.get_absolute_url() and u.status == "ferdig" and u.sider >= 2
    side = c.get(u.get_absolute_url(), headers={"HX-Request": "true"})
    assert 'value="100"' in side.content.decode() and "hx-get" not in side.content.decode()  # polling stops
    fil = c.get(f"/rapportering/{maanad.kode}/utskrift/{u.pk}/fil/")
    tekst = pdf_tekst(b"".join(fil.streaming_content), tmp_path)
    assert "Testvik kommune" in tekst and "Velferdsteknologi" not in tekst  # green and silent: counted only
    assert "Skuleskyss" in tekst
    # someone who does not read everything may not order or fetch the kommune's
    assert (
        client_as("tenesteleiar")
        .post(f"/rapportering/{maanad.kode}/utskrift/", {"type": "maanad"})
        .status_code
        == 403
    )
    assert (
        client_as("tenesteleiar").get(f"/rapportering/{maanad.kode}/utskrift/{u.pk}/fil/").status_code == 403
    )
    assert client_as("politikar").get(f"/rapportering/{maanad.kode}/utskrift/{u.pk}/").status_code == 404


def test_a_failed_pdf_says_so(maanad, client_as, media, monkeypatch, django_capture_on_commit_callbacks):
    from reporting import rapportar

    def feil(*a, **k):
        raise RuntimeError("ingen skrift")

    monkeypatch.setattr(rapportar, "pdf", feil)
    with django_capture_on_commit_callbacks(execute=True):
        client_as("kommunedirektor").post(f"/rapportering/{maanad.kode}/utskrift/", {"type": "maanad"})
    u = Rapportutskrift.objects.get()
    assert (u.status, u.feil) == ("feila", "ingen skrift")
    assert "ingen skrift" in client_as("kommunedirektor").get(u.get_absolute_url()).content.decode()


@pytest.fixture
def tertial(org, oppdrag, periode):
    """The first tertial: the political oppdrag reported yellow in April (monthly rule), and
    an administrative one that must not show."""
    Regel.objects.create(kategori=oppdrag.kategori, frekvens=Frekvens.MAANAD, politisk=True)
    april = Periode.objects.get(aar=2026, type="maanad", nummer=4)
    services.rapporter(
        oppdrag,
        april,
        status="forseinka",
        lys="gul",
        kommentar="Ventar på fylket",
        framdrift=30,
        user=org["brukarar"]["kommunalsjef"],
    )
    # a later report (November) is after the tertial and must not be shown in it
    services.rapporter(
        oppdrag,
        periode,
        status="fullfort",
        lys="gron",
        kommentar="",
        framdrift=100,
        user=org["brukarar"]["kommunalsjef"],
    )
    return Periode.objects.get(aar=2026, type="tertial", nummer=1)


def test_the_tertial_report_shows_the_latest_status_within_the_period(tertial, oppdrag, client_as):
    svar = client_as("kommunedirektor").get(f"/rapportering/{tertial.kode}/tertialrapport/")
    (g,) = svar.context["grupper"]
    (o,) = g["oppdrag"]
    assert o == oppdrag and o.siste.lys == "gul" and o.siste.periode.nummer == 4
    assert "Ventar på fylket" in svar.content.decode()


def test_politicians_read_the_tertial_report_once_released(
    tertial, client_as, tmp_path, media, django_capture_on_commit_callbacks
):
    url = f"/rapportering/{tertial.kode}/tertialrapport/"
    assert client_as("politikar").get(url).status_code == 404
    assert client_as("medarbeidar").get(url).status_code == 403
    assert client_as("kommunalsjef").post(f"/rapportering/{tertial.kode}/frigje/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        svar = client_as("kommunedirektor").post(f"/rapportering/{tertial.kode}/frigje/")
    assert svar.status_code == 302
    tertial.refresh_from_db()
    assert tertial.frigitt_at and tertial.history.first().history_change_reason
    p = client_as("politikar")
    assert p.get(url).status_code == 200 and client_as("medarbeidar").get(url).status_code == 200
    assert tertial.kode in p.get("/rapportering/").content.decode()  # their list of released reports
    # the released report's PDF was made at release; ordering one hands the politician that one
    u = Rapportutskrift.objects.get(spraak="nn", frigjeven=True)
    assert p.post(f"/rapportering/{tertial.kode}/utskrift/", {"type": "tertial"}).url == u.get_absolute_url()
    fil = p.get(f"/rapportering/{tertial.kode}/utskrift/{u.pk}/fil/")
    tekst = pdf_tekst(b"".join(fil.streaming_content), tmp_path)
    assert "Rapport til politikarane" in tekst and "Betre skulevegar" in tekst and "Ventar på fylket" in tekst


def test_report_pages_keep_their_query_count(maanad, tertial, org, fleire, client_as):
    c = client_as("kommunedirektor")
    urls = [
        f"/rapportering/{maanad.kode}/maanadsrapport/",
        f"/rapportering/{tertial.kode}/tertialrapport/",
        f"/rapportering/{maanad.kode}/innlevering/",
    ]
    smaa = [tal_sporjingar(c, u) for u in urls]
    e, u = org["einingar"], org["brukarar"]
    for i in range(80):
        o = fleire(e["knarvik"], u["tenesteleiar"], f"O{i}")
        if i % 2:
            services.rapporter(
                o,
                maanad,
                status="forseinka",
                lys="raud",
                kommentar="x",
                framdrift=None,
                user=u["tenesteleiar"],
            )
    assert [tal_sporjingar(c, u) for u in urls] == smaa


def test_a_pdf_made_before_release_stays_with_those_who_read_everything(
    tertial, client_as, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_as("kommunedirektor").post(f"/rapportering/{tertial.kode}/utskrift/", {"type": "tertial"})
    foer = Rapportutskrift.objects.get()
    client_as("kommunedirektor").post(f"/rapportering/{tertial.kode}/frigje/")
    p = client_as("politikar")
    assert p.get(f"/rapportering/{tertial.kode}/utskrift/{foer.pk}/fil/").status_code == 404
    assert p.get(f"/rapportering/{tertial.kode}/utskrift/{foer.pk}/").status_code == 404
    assert (
        client_as("kommunalsjef").get(f"/rapportering/{tertial.kode}/utskrift/{foer.pk}/fil/").status_code
        == 200
    )
    # the stored file has no public address
    with pytest.raises(ValueError):
        foer.fil.url  # noqa: B018


def test_a_released_report_locks_the_figures_it_covers(tertial, org, oppdrag, client_as):
    client_as("kommunedirektor").post(f"/rapportering/{tertial.kode}/frigje/")
    april = Periode.objects.get(aar=2026, type="maanad", nummer=4)
    svar = client_as("kommunalsjef").post(
        f"/rapportering/{april.kode}/{oppdrag.pk}/", {"status": "i_rute", "lys": "gron", "versjon": 1}
    )
    assert svar.status_code == 200 and "frigitt" in svar.content.decode()
    assert Statusrapport.objects.get(oppdrag=oppdrag, periode=april).lys == "gul"
    assert (
        "Rapporter"
        not in client_as("kommunalsjef")
        .get(f"/rapportering/{april.kode}/")
        .content.decode()
        .split("<tbody>")[1]
    )
    rader, feil = services.planlegg_okonomiimport(
        april, "april.csv", b"eining;rekneskap;prognose\n2000;1;1\n"
    )
    assert not rader and "frigitt" in feil[0].melding
    # November lies after the tertial and stays open
    assert services.laast_av(Periode.objects.get(aar=2026, type="maanad", nummer=11)) is None


def test_cancelled_political_oppdrag_are_counted_apart_not_as_missing(
    tertial, oppdrag, fleire, org, client_as
):
    avbrote = fleire(org["einingar"]["helse"], org["einingar"]["helse"].leiar, "Lagt bort", status="avbrote")
    svar = client_as("kommunedirektor").get(f"/rapportering/{tertial.kode}/tertialrapport/")
    (g,) = svar.context["grupper"]
    assert (g["tal"]["manglar"], g["tal"]["avbrote"], g["oppdrag"][-1]) == (0, 1, avbrote)


def test_the_tertial_economy_shows_a_sector_imported_through_its_service_areas(tertial, org, client_as):
    e, u = org["einingar"], org["brukarar"]
    april = Periode.objects.get(aar=2026, type="maanad", nummer=4)
    for eining, prognose in ((e["oppvekst"], 100), (e["sjukeheim"], 30), (e["lindaas"], 20)):
        Okonomirapport.objects.create(
            eining=eining,
            periode=april,
            budsjett=50,
            rekneskap=10,
            prognose=prognose,
            importert_av=u["okonomi"],
        )
    svar = client_as("kommunedirektor").get(f"/rapportering/{tertial.kode}/tertialrapport/")
    rader = {r.eining.namn: r.prognose for r in svar.context["okonomi"]}
    assert rader == {"Oppvekst": 100, "Helse og omsorg": 30}  # Lindås is part of Sjukeheimar
    assert svar.context["okonomi_sum"]["prognose"] == 130


def test_a_pdf_job_that_died_on_the_way_does_not_block_a_new_one(
    maanad, client_as, django_capture_on_commit_callbacks
):
    import datetime

    from reporting import rapportar

    c = client_as("kommunedirektor")
    daud = Rapportutskrift.objects.create(
        periode=maanad,
        type="maanad",
        spraak="nn",
        status="hentar",
        created_by=maanad.statusrapportar.first().rapportert_av,
    )
    Rapportutskrift.objects.filter(pk=daud.pk).update(created_at=klokke.no() - datetime.timedelta(minutes=30))
    daud.refresh_from_db()
    assert daud.fastlaast and "Bestill han på nytt" in c.get(daud.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        svar = c.post(f"/rapportering/{maanad.kode}/utskrift/", {"type": "maanad"})
    ny = Rapportutskrift.objects.exclude(pk=daud.pk).get()
    assert svar.url == ny.get_absolute_url() and ny.status == "ferdig"
    # a retried task takes over the dead job instead of leaving it hanging
    rapportar.lag(daud.pk)
    daud.refresh_from_db()
    assert daud.status == "ferdig" and daud.fil


def test_a_ledger_row_for_the_kommune_itself_is_the_tertial_total(tertial, org, client_as):
    e, u = org["einingar"], org["brukarar"]
    april = Periode.objects.get(aar=2026, type="maanad", nummer=4)
    for eining, prognose in ((e["kommune"], 1000), (e["oppvekst"], 100), (e["helse"], 30)):
        Okonomirapport.objects.create(
            eining=eining,
            periode=april,
            budsjett=50,
            rekneskap=10,
            prognose=prognose,
            importert_av=u["okonomi"],
        )
    svar = client_as("kommunedirektor").get(f"/rapportering/{tertial.kode}/tertialrapport/")
    assert [r.prognose for r in svar.context["okonomi"]] == [1000, 100, 30]
    assert svar.context["okonomi_sum"]["prognose"] == 1000


# --- the source decision's case number and meeting on report rows --------------------------------

KJELDE = "PS 1/2026, Kommunestyret 12.2.2026"


def test_monthly_report_rows_name_the_source_decision_and_meeting(maanad, client_as, tmp_path):
    c = client_as("kommunedirektor")
    assert KJELDE in c.get(f"/rapportering/{maanad.kode}/maanadsrapport/").content.decode()
    pdf = pdf_tekst(c.get(f"/rapportering/{maanad.kode}/maanadsrapport.pdf?eining=2000").content, tmp_path)
    assert KJELDE in " ".join(pdf.split())


def test_tertial_report_rows_name_the_source_decision_and_meeting(tertial, client_as, tmp_path):
    from reporting import rapportar

    assert (
        KJELDE
        in client_as("kommunedirektor").get(f"/rapportering/{tertial.kode}/tertialrapport/").content.decode()
    )
    tertial_pdf = pdf_tekst(rapportar.pdf("tertial", tertial, rapportar.tertialrapport(tertial)), tmp_path)
    assert KJELDE in " ".join(tertial_pdf.split())


def test_report_rows_with_many_decisions_keep_their_query_count(maanad, tertial, org, client_as):
    import datetime

    from budget.models import Mote, Organ

    from .conftest import sak

    c = client_as("kommunedirektor")
    urls = [f"/rapportering/{maanad.kode}/maanadsrapport/", f"/rapportering/{tertial.kode}/tertialrapport/"]
    smaa = [tal_sporjingar(c, u) for u in urls]
    u = org["brukarar"]
    for i in range(12):
        mote = Mote.objects.create(
            organ=Organ.objects.order_by("pk")[i % 3], dato=datetime.date(2026, 1 + i % 10, 1 + i),
            created_by=u["sekretariat"],
        )  # fmt: skip
        o = sak(org, f"PS {20 + i}/2026", f"Sak {i}", mote=mote)
        services.rapporter(
            o,
            maanad,
            status="forseinka",
            lys="raud",
            kommentar="x",
            framdrift=None,
            user=u["kommunedirektor"],
        )
    assert [tal_sporjingar(c, u) for u in urls] == smaa
