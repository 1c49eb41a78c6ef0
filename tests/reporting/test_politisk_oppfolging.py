"""Political follow-up: politicians see what became of their decisions (reporting's page, and a
column on the decision list) instead of the administration's oppdrag, which stay hidden."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from alver.lib import klokke
from budget.models import Mote, Organ, Vedtakspunkt
from reporting import services
from reporting.models import Frekvens, Periode, Regel
from tests.hjelp import alle_les, tal_sporjingar
from tests.plans.conftest import lag_maal, lag_plan
from verksemdsplan.models import Oppdrag

from .conftest import sak
from .test_rapportar import pdf_tekst

URL = "/politisk-oppfolging/"
PDF = "/politisk-oppfolging.pdf"


@pytest.fixture
def rapportert(org, oppdrag, periode):
    """The decision's oppdrag is political and was reported red in April («ventar på fylket»),
    and green in November."""
    Regel.objects.create(kategori=oppdrag.kategori, frekvens=Frekvens.MAANAD, politisk=True)
    april = Periode.objects.get(aar=2026, type="maanad", nummer=4)
    ks = org["brukarar"]["kommunalsjef"]
    services.rapporter(
        oppdrag, april, status="forseinka", lys="raud", kommentar="Ventar på fylket", framdrift=10, user=ks
    )
    services.rapporter(
        oppdrag, periode, status="i_rute", lys="gron", kommentar="Skulevegane er merka", framdrift=80, user=ks
    )
    return oppdrag


@pytest.mark.parametrize(
    "url,rolle,status",
    alle_les(URL)
    + alle_les(URL + "?aar=tull&side=x&vedtak=-1&organ=x&periode=tull&opne=ja")
    + alle_les(PDF)
    + alle_les(PDF + "?aar=tull&organ=-1&periode=2026-m1"),
)
def test_access(url, rolle, status, rapportert, client_as):
    assert client_as(rolle).get(url).status_code == status


def test_a_politician_sees_who_answers_for_the_decision_and_only_released_reports(org, rapportert, client_as):
    p = client_as("politikar")
    html = p.get(URL).content.decode()
    assert "PS 1/2026" in html and "Betre skulevegar" in html
    assert "Ola Oppvekst" in html and "Oppvekst" in html  # responsible unit and owner
    assert "1.12.2026" in html  # the deadline
    # nothing released yet: no light, no comment
    assert "Ventar på fylket" not in html and "Skulevegane er merka" not in html
    assert "ikkje rapportert" in html
    # no way to the oppdrag page, which politicians cannot open; the decision page they can
    assert rapportert.get_absolute_url() not in html
    assert reverse("budget:vedtak", args=[rapportert.kjelde_vedtak_id]) in html

    t1 = Periode.objects.get(aar=2026, type="tertial", nummer=1)
    services.frigje(t1, user=org["brukarar"]["kommunedirektor"])
    html = p.get(URL).content.decode()
    assert "Ventar på fylket" in html  # released: April's red report
    assert "Skulevegane er merka" not in html  # November is not released


def test_those_who_read_everything_see_the_latest_report_and_the_oppdrag(rapportert, client_as):
    html = client_as("kommunedirektor").get(URL).content.decode()
    assert "Skulevegane er merka" in html
    assert rapportert.get_absolute_url() in html


def test_one_decision_from_the_decision_list_and_another_year(org, rapportert, client_as):
    sak(org, "PS 2/2026", "Ny ballbinge", "helse")
    p = client_as("politikar")
    alle = p.get(URL).content.decode()
    assert "Betre skulevegar" in alle and "Ny ballbinge" in alle
    eitt = p.get(f"{URL}?aar=2026&vedtak={rapportert.kjelde_vedtak_id}").content.decode()
    assert "Betre skulevegar" in eitt and "Ny ballbinge" not in eitt
    assert "Betre skulevegar" not in p.get(f"{URL}?aar=2025").content.decode()


def test_the_decision_list_gives_politicians_follow_up_and_employees_the_oppdrag(rapportert, client_as):
    politikar = client_as("politikar").get("/vedtak/").content.decode()
    oppfolging = f"{URL}?aar=2026&amp;vedtak={rapportert.kjelde_vedtak_id}"
    assert oppfolging in politikar and rapportert.get_absolute_url() not in politikar
    assert "Ola Oppvekst" not in politikar
    tilsett = client_as("medarbeidar").get("/vedtak/").content.decode()
    assert rapportert.get_absolute_url() in tilsett and URL + "?" not in tilsett
    assert "Ola Oppvekst" in tilsett


def test_the_goal_page_shows_oppdrag_to_employees_only(org, rapportert, client_as):
    plan = lag_plan(org["einingar"]["kommune"])
    maal = lag_maal(plan, "Trygge skulevegar")
    rapportert.maal.add(maal)
    url = maal.get_absolute_url()
    tilsett = client_as("medarbeidar").get(url).content.decode()
    assert rapportert.tittel in tilsett and "Ola Oppvekst" in tilsett
    politikar = client_as("politikar").get(url).content.decode()
    assert client_as("politikar").get(url).status_code == 200
    assert "Ola Oppvekst" not in politikar and rapportert.get_absolute_url() not in politikar


@pytest.mark.parametrize("rolle", ["politikar", "medarbeidar"])
def test_the_page_keeps_its_query_count(org, rapportert, client_as, rolle):
    """Few or many decisions, in several bodies and meetings, some exempt: the same queries."""
    c = client_as(rolle)
    url = f"{URL}?opne=1&periode=2026-t1"
    lite = tal_sporjingar(c, url)
    organar = list(Organ.objects.order_by("pk")[:3])
    for n in range(10, 40):
        sak(
            org, f"PS {n}/2026", f"Sak {n}", "helse" if n % 2 else "oppvekst", organ=organar[n % 3].namn,
            dato=datetime.date(2026, 1 + n % 11, 3), skjerming="unnateke" if n % 3 else "",
        )  # fmt: skip
    assert tal_sporjingar(c, url) == lite


def test_the_follow_up_column_links_only_to_what_the_follow_up_shows(org, rapportert, client_as):
    """A decision whose oppdrag is not of a political category (its rule says not to the
    politicians) gets no follow-up link: the page would have nothing on it."""
    ikkje_politisk = sak(org, "PS 3/2026", "Intern rutine", "helse", type="tilleggsbestilling").kjelde_vedtak
    html = client_as("politikar").get("/vedtak/").content.decode()
    assert f"vedtak={rapportert.kjelde_vedtak_id}" in html
    assert f"vedtak={ikkje_politisk.pk}" not in html


# --- the follow-up for the politicians: filters, columns, exempt cases, the PDF -------------------


def test_the_columns_case_meeting_status_light_comment_deadline(org, rapportert, client_as):
    html = client_as("kommunedirektor").get(URL).content.decode()
    rad = html.split(f'id="oppdrag-{rapportert.pk}"')[1].split("</tr>")[0]
    for tekst in ("PS 1/2026", "Kommunestyret", "12.2.2026", "Betre skulevegar", "1.12.2026",
                  "Ikkje starta", "Grøn", "Skulevegane er merka"):  # fmt: skip
        assert tekst in rad, tekst


def test_one_body_not_completed_and_only_cases_that_give_work(org, rapportert, client_as):
    sak(org, "PS 5/2026", "Kulturhus", organ="Formannskapet", dato=datetime.date(2026, 3, 5))
    ferdig = sak(org, "PS 6/2026", "Ferdig sak")
    Oppdrag.objects.filter(pk=ferdig.pk).update(status=Oppdrag.Status.FULLFORT)
    sak(org, "RS 7/2026", "Referatsak utan arbeid", gir_oppdrag=False)
    feil = sak(org, "PS 8/2026", "Feilregistrert sak")
    type(feil.kjelde_vedtak).objects.filter(pk=feil.kjelde_vedtak_id).update(feilregistrert_at=klokke.no())
    c = client_as("politikar")
    alle = c.get(URL).content.decode()
    assert "Kulturhus" in alle and "Ferdig sak" in alle and "Betre skulevegar" in alle
    assert "Referatsak utan arbeid" not in alle and "Feilregistrert sak" not in alle
    ks = Organ.objects.get(namn="Kommunestyret")
    eitt_organ = c.get(f"{URL}?organ={ks.pk}").content.decode()
    assert "Betre skulevegar" in eitt_organ and "Kulturhus" not in eitt_organ
    opne = c.get(f"{URL}?opne=1").content.decode()
    assert "Ferdig sak" not in opne and "Kulturhus" in opne
    # the PDF link carries the choice
    assert (
        f"{PDF}?aar=2026&amp;organ={ks.pk}&amp;opne=1"
        in c.get(f"{URL}?organ={ks.pk}&opne=1").content.decode()
    )


def test_a_period_shows_the_reports_up_to_its_end(org, rapportert, client_as):
    kd = client_as("kommunedirektor")
    t1 = kd.get(f"{URL}?periode=2026-t1").content.decode()
    assert "Ventar på fylket" in t1 and "Skulevegane er merka" not in t1
    # a politician may choose only released periods: T1 is not yet, so nothing shows
    p = client_as("politikar")
    html = p.get(f"{URL}?periode=2026-t1").content.decode()
    assert "Ventar på fylket" not in html and 'value="2026-t1"' not in html
    services.frigje(
        Periode.objects.get(aar=2026, type="tertial", nummer=1), user=org["brukarar"]["kommunedirektor"]
    )
    html = p.get(f"{URL}?periode=2026-t1").content.decode()
    assert "Ventar på fylket" in html and 'value="2026-t1" selected' in html


@pytest.fixture
def skjerma(org, rapportert):
    """The decision is exempt from public access, with a public title."""
    v = rapportert.kjelde_vedtak
    type(v).objects.filter(pk=v.pk).update(
        skjerming="unnateke", heimel="offentleglova § 13", offentleg_tittel="Sak om skuleskyss"
    )
    kd = org["brukarar"]["kommunedirektor"]
    services.frigje(Periode.objects.get(aar=2026, type="tertial", nummer=1), user=kd)
    return rapportert


@pytest.mark.parametrize(
    "rolle,ser",
    [
        ("politikar", False),
        ("utanfor", False),  # an employee in another sector
        ("hr", False),
        ("sekretariat", True),
        ("administrator", True),
        ("medarbeidar", True),  # works in Oppvekst
        ("kommunalsjef", True),  # leads Oppvekst
        ("tenesteleiar", True),  # leads a unit in Oppvekst
    ],
)
def test_an_exempt_decision_shows_its_public_title_and_no_comment(skjerma, rolle, ser, client_as, tmp_path):
    c = client_as(rolle)
    html = c.get(URL).content.decode()
    pdf = pdf_tekst(c.get(PDF).content, tmp_path)
    for tekst in (html, pdf):
        assert "PS 1/2026" in tekst  # the case number is public
        assert ("Betre skulevegar" in tekst) is ser
        # the latest report they may read: April's (released), or November's for those who read all
        assert ("Ventar på fylket" in tekst or "Skulevegane er merka" in tekst) is ser
        assert ("Sak om skuleskyss" in tekst) is not ser


def test_an_exempt_decision_without_a_public_title_gets_a_neutral_one(skjerma, client_as):
    type(skjerma.kjelde_vedtak).objects.filter(pk=skjerma.kjelde_vedtak_id).update(
        skjerming="lukka", offentleg_tittel=""
    )
    html = client_as("politikar").get(URL).content.decode()
    with translation.override("nn"):
        noytral = gettext("Exempt from public access")
    assert noytral in html and "Betre skulevegar" not in html


def test_the_pdf_for_the_meeting(org, rapportert, client_as, tmp_path):
    sak(org, "PS 5/2026", "Kulturhus", "helse", organ="Formannskapet", dato=datetime.date(2026, 3, 5))
    ks = Organ.objects.get(namn="Kommunestyret")
    c = client_as("sekretariat")
    html = c.get(URL).content.decode()
    assert f'href="{PDF}?aar=2026"' in html
    svar = c.get(f"{PDF}?aar=2026&organ={ks.pk}")
    assert svar.status_code == 200 and svar["Content-Type"] == "application/pdf"
    assert svar["Content-Disposition"] == f'attachment; filename="politisk-oppfolging-2026-{ks.pk}.pdf"'
    tekst = pdf_tekst(svar.content, tmp_path)
    assert "Kommunestyret" in tekst and "PS 1/2026" in tekst and "Betre skulevegar" in tekst
    assert "12.2.2026" in tekst and "1.12.2026" in tekst
    assert "Kulturhus" not in tekst
    # the sekretariat does not read everything: the November report is not released
    assert "Skulevegane er merka" not in tekst


def test_a_decision_point_is_a_row_of_its_own(org, rapportert, client_as):
    v = rapportert.kjelde_vedtak
    punkt = Vedtakspunkt.objects.create(
        vedtak=v, nummer="2", tekst="Merk vegane", ansvarleg_sektor=org["einingar"]["oppvekst"]
    )
    o = Oppdrag.objects.create(
        verksemdsplan=rapportert.verksemdsplan, aar=2026, tittel="Merk vegane", kategori=rapportert.kategori,
        eining=rapportert.eining, owner=rapportert.owner, kjelde_vedtak=v, kjelde_vedtakspunkt=punkt,
        frist=datetime.date(2026, 6, 1),
    )  # fmt: skip
    html = client_as("politikar").get(URL).content.decode()
    rad = html.split(f'id="oppdrag-{o.pk}"')[1].split("</tr>")[0]
    assert "PS 1/2026" in rad and "1.6.2026" in rad


def test_the_pdf_keeps_its_query_count(org, rapportert, client_as):
    c = client_as("politikar")
    lite = tal_sporjingar(c, PDF)
    mote = Mote.objects.create(
        organ=Organ.objects.get(namn="Formannskapet"),
        dato=datetime.date(2026, 4, 2),
        created_by=org["brukarar"]["sekretariat"],
    )
    for n in range(10, 30):
        sak(org, f"PS {n}/2026", f"Sak {n}", "helse", mote=mote, skjerming="lukka" if n % 2 else "")
    assert tal_sporjingar(c, PDF) == lite
