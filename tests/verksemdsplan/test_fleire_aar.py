"""An oppdrag lives until it is done: it belongs to every year from its start to the year it was
finished or cancelled, in the verksemdsplan, the oppdrag list, the letter and reporting."""

import datetime

import pytest

from reporting import services as rapporttenester
from reporting.models import Frekvens, Periode
from verksemdsplan import brev as brevtenester
from verksemdsplan import services, views
from verksemdsplan.models import Kategori, Oppdrag


@pytest.fixture
def over_nyttaar(org):
    """Given in 2026 with a deadline in May 2027, still open."""
    return services.lag_oppdrag(
        eining=org["einingar"]["skule"],
        aar=2026,
        user=org["brukarar"]["tenesteleiar"],
        tittel="Ny skulerute",
        kategori=Kategori.objects.get(kode="administrativt"),
        frist=datetime.date(2027, 5, 31),
    )


def _lukk(o, status, dag, klokke):
    klokke.sett(dag)
    o.refresh_from_db()
    o.status = status
    o.save()
    o.refresh_from_db()
    return o


def _brevtitlar(org, aar):
    # the cascade: the kommune's and the sector's letters come first
    for eining, leiar in (("kommune", "kommunedirektor"), ("oppvekst", "kommunalsjef")):
        brevtenester.lag_brev(org["einingar"][eining], aar, user=org["brukarar"][leiar])
    b = brevtenester.lag_brev(org["einingar"]["skule"], aar, user=org["brukarar"]["tenesteleiar"])
    return [
        (rad["tittel"], rad["fra_aar"]) for s in brevtenester.innhald(b)["seksjonar"] for rad in s["oppdrag"]
    ]


def test_an_open_oppdrag_belongs_to_every_year_from_its_start(org, over_nyttaar, client_as):
    o = over_nyttaar
    assert o.slutt_aar is None
    assert list(Oppdrag.objects.i_aar(2026)) == [o] and list(Oppdrag.objects.i_aar(2027)) == [o]
    assert not Oppdrag.objects.i_aar(2025).exists()
    c = client_as("tenesteleiar")
    # next year's verksemdsplan lists it, marked as coming from its start year, and no copy is made
    side = c.get("/verksemdsplan/2027/2100/").content.decode()
    assert "Ny skulerute" in side and "frå 2026" in side
    assert Oppdrag.objects.filter(tittel="Ny skulerute").count() == 1
    # the year filter means «active in that year»
    assert "Ny skulerute" in c.get("/oppdrag/?aar=2027").content.decode()
    assert "Ny skulerute" not in c.get("/oppdrag/?aar=2025").content.decode()
    # both years' letters list it once; the later one says where it came from
    assert _brevtitlar(org, 2026) == [("Ny skulerute", None)]
    assert _brevtitlar(org, 2027) == [("Ny skulerute", 2026)]
    assert "frå 2026 til det er ferdig" in c.get(o.get_absolute_url()).content.decode()


def test_a_done_oppdrag_stays_in_the_years_it_was_active_and_no_later(org, over_nyttaar, klokke):
    o = _lukk(over_nyttaar, Oppdrag.Status.FULLFORT, datetime.date(2027, 3, 1), klokke)
    assert o.slutt_aar == 2027
    assert [Oppdrag.objects.i_aar(a).count() for a in (2025, 2026, 2027, 2028)] == [0, 1, 1, 0]
    # opened again, it is open in every year once more
    o.status = Oppdrag.Status.I_GANG
    o.save()
    o.refresh_from_db()
    assert o.slutt_aar is None and Oppdrag.objects.i_aar(2028).count() == 1


def test_an_oppdrag_cancelled_in_its_first_year_does_not_follow_into_the_next(org, over_nyttaar, klokke):
    _lukk(over_nyttaar, Oppdrag.Status.AVBROTE, datetime.date(2026, 12, 15), klokke)
    assert Oppdrag.objects.i_aar(2026).count() == 1 and not Oppdrag.objects.i_aar(2027).exists()
    assert _brevtitlar(org, 2027) == []


def test_each_year_reports_it_once_under_its_owner_then(org, over_nyttaar, klokke):
    rapporttenester.generer_periodar(2026)
    rapporttenester.generer_periodar(2027)
    for aar in (2026, 2027):
        periode = Periode.objects.get(aar=aar, type=Frekvens.AAR)
        assert list(rapporttenester.oppdrag_i_perioden(periode)) == [over_nyttaar]
    # done in 2027: not asked for in 2028
    _lukk(over_nyttaar, Oppdrag.Status.FULLFORT, datetime.date(2027, 6, 1), klokke)
    rapporttenester.generer_periodar(2028)
    assert not rapporttenester.oppdrag_i_perioden(Periode.objects.get(aar=2028, type=Frekvens.AAR)).exists()


def test_a_task_delegated_from_last_years_oppdrag_starts_this_year(org, over_nyttaar, klokke):
    klokke.sett(datetime.date(2027, 1, 20))
    barn = services.deleger(
        over_nyttaar,
        til=org["brukarar"]["medarbeidar"],
        frist=None,
        notat="",
        user=org["brukarar"]["tenesteleiar"],
    )
    assert (barn.aar, barn.verksemdsplan.aar) == (2027, 2027)
    assert barn.frist == datetime.date(2027, 5, 31)


def test_the_bare_oppdrag_list_opens_on_this_years_work(org, client_as, klokke):
    """After some years the oldest deadlines would fill the first page: /oppdrag/ with no filter
    shows this year's, says so in the year field, and keeps the year on the next page's link;
    emptying the year field shows every year."""
    kategori = Kategori.objects.get(kode="administrativt")
    klokke.sett(datetime.date(2025, 3, 1))
    gammalt = services.lag_oppdrag(
        eining=org["einingar"]["skule"],
        aar=2025,
        user=org["brukarar"]["tenesteleiar"],
        tittel="Fjorårets skulerute",
        kategori=kategori,
        frist=datetime.date(2025, 6, 1),
    )
    _lukk(gammalt, Oppdrag.Status.FULLFORT, datetime.date(2025, 6, 1), klokke)
    klokke.sett(datetime.date(2026, 11, 30))
    for i in range(views.SIDE + 1):  # more than a page
        services.lag_oppdrag(
            eining=org["einingar"]["skule"],
            aar=2026,
            user=org["brukarar"]["tenesteleiar"],
            tittel=f"Årets oppdrag {i}",
            kategori=kategori,
            frist=datetime.date(2026, 12, 1),
        )
    c = client_as("tenesteleiar")
    html = c.get("/oppdrag/").content.decode()
    assert "Fjorårets skulerute" not in html and "Årets oppdrag 0" in html
    assert 'name="aar" inputmode="numeric" size="5" value="2026"' in html
    # the next page opens at the list, where the filter left the reader, not above the form
    assert 'href="?aar=2026&amp;side=2#treff"' in html
    assert "Fjorårets skulerute" in c.get("/oppdrag/?aar=").content.decode()
