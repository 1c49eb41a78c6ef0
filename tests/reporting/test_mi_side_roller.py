"""Mi side per role (`reporting.startside`): what comes first follows the reader's roles, a
section with nothing in it is left out rather than shown as an empty table, every link on it
opens for its reader, and its queries do not grow with the kommune."""

import datetime
import re

import pytest
from django.test import Client

from alver.models import User
from budget.models import Mote, Organ
from reporting.services import generer_periodar
from tests.hjelp import tal_sporjingar
from verksemdsplan import services as oppdragstenester
from verksemdsplan.models import Kategori


def _som(epost):
    c = Client()
    c.force_login(User.objects.get(email=f"{epost}@alver.example"))
    return c


def _seksjonar(html):
    """The ids of the page's sections and cards, in page order."""
    return re.findall(r'<h[23] class="ds-heading"[^>]* id="([a-z-]+-tittel)"', html)


# what each demo login gets first, in order (the notifications card and the next årshjul dates
# come first for everyone, «your place in the organisation» last)
VENTA = {
    "kommunedirektor": [
        "kommunen-tittel",
        "avvik-sektor-tittel",
        "okonomi-sektor-tittel",
        "brev-planar-tittel",
    ],
    "kommunalsjef.oppvekst": ["oppdrag-tittel"],
    "sekretariat": ["sekretariat-tittel", "neste-moete-tittel"],
    "okonomi": ["okonomi-tittel", "okonomiplan-tittel", "rekneskap-tittel", "reglar-tittel"],
    "hr": ["hr-tittel", "sjekklister-tittel", "organisasjon-tittel"],
    "politikar": [
        "politikar-tittel",
        "oppfolging-status-tittel",
        "rapportar-tittel",
        "politikar-moete-tittel",
    ],
}


@pytest.mark.parametrize("login, venta", list(VENTA.items()))
def test_each_role_gets_its_own_sections_first(demo, login, venta):
    html = _som(login).get("/mi-side/").content.decode()
    seksjonar = _seksjonar(html)
    assert seksjonar[0] == "varsel-tittel"
    # the role's sections, in this order, before «your place in the organisation»
    posisjonar = [seksjonar.index(s) for s in venta]
    assert posisjonar == sorted(posisjonar), seksjonar
    assert html.index('id="min-plass"') > html.index(f'id="{venta[-1]}"')


@pytest.mark.parametrize("login", ["sekretariat", "okonomi", "hr", "politikar"])
def test_a_role_without_oppdrag_sees_no_empty_tables_of_them(demo, login):
    html = _som(login).get("/mi-side/").content.decode()
    for tom in (
        "You own no open assignments.",
        "Du eig ingen opne oppdrag.",
        "Nothing is past its deadline.",
        "Du har ikkje delegert noko.",
        "Ingen eining",
        "Inga eining",
    ):
        assert tom not in html
    assert 'id="oppdrag-tittel"' not in html


def test_an_employee_sees_their_units_plan_and_letter(demo):
    html = _som("medarbeidar").get("/mi-side/").content.decode()
    assert "Verksemdsplan 2026" in html and "Oppdragsbrev 2026" in html
    assert 'id="kommunen-tittel"' not in html and 'id="sekretariat-tittel"' not in html


def test_the_politician_has_no_unit_line_and_the_follow_up_first(demo):
    html = _som("politikar").get("/mi-side/").content.decode()
    assert "<dt>Eining</dt>" not in html
    assert html.index('id="politikar-tittel"') < html.index('id="min-plass"')


def test_the_sekretariat_sees_meetings_held_without_cases(org, client_as):
    sekretariat = org["brukarar"]["sekretariat"]
    held = Mote.objects.create(
        organ=Organ.objects.get(namn="Kommunestyret"),
        dato=datetime.date(2026, 11, 12),
        created_by=sekretariat,
    )
    Mote.objects.create(
        organ=Organ.objects.get(namn="Formannskapet"),
        dato=datetime.date(2026, 12, 10),
        created_by=sekretariat,
    )
    html = client_as("sekretariat").get("/mi-side/").content.decode()
    assert 'id="moete-utan-saker"' in html and 'id="neste-moete"' in html
    utan = html[html.index('id="moete-utan-saker"') :]
    assert "12.11.2026" in utan and held.get_absolute_url() in utan
    assert "10.12.2026" in html[html.index('id="neste-moete"') : html.index('id="moete-utan-saker"')]


def test_hr_sees_the_units_without_a_leader(org, client_as):
    html = client_as("hr").get("/mi-side/").content.decode()
    blokk = html[html.index('id="organisasjon-tittel"') :]
    for namn in ("Knarvik skule", "Sjukeheimar", "Lindås sjukeheim"):
        assert namn in blokk
    assert "Oppvekst</a>" not in blokk.split("</section>")[0]


@pytest.mark.parametrize("login", [*VENTA, "medarbeidar", "tenesteleiar.skule", "admin"])
def test_every_link_on_mi_side_opens_for_its_reader(demo, login):
    c = _som(login)
    html = c.get("/mi-side/").content.decode()
    lenkjer = {
        h.replace("&amp;", "&")
        for h in re.findall(r'<a [^>]*href="(/[^"#]*)', html)
        if not h.startswith(("/static/", "/media/"))
    }
    assert lenkjer
    for h in sorted(lenkjer):
        assert c.get(h).status_code == 200, h


@pytest.mark.parametrize(
    "rolle", ["kommunedirektor", "kommunalsjef", "sekretariat", "okonomi", "hr", "politikar"]
)
def test_mi_side_costs_the_same_with_many_more_oppdrag(org, client_as, settings, rolle):
    settings.MI_SIDE_OVERSYN_SEKUND = 0  # what the page costs when it makes every block

    def lag(fraa, til):
        for i in range(fraa, til):
            for eining, eigar in (
                ("skule", "tenesteleiar"),
                ("oppvekst", "kommunalsjef"),
                ("kommune", "kommunedirektor"),
            ):
                oppdragstenester.lag_oppdrag(
                    eining=org["einingar"][eining],
                    aar=2026,
                    user=org["brukarar"][eigar],
                    tittel=f"Oppdrag {eining} {i}",
                    kategori=Kategori.objects.get(kode="administrativt"),
                    frist=datetime.date(2026, 12, 1) + datetime.timedelta(days=i),
                )

    c = client_as(rolle)
    generer_periodar(2026)  # as in a running kommune (made on first need, a change to the domain)
    lag(0, 1)  # every list has a row: the page shows what it will show with many
    faa = tal_sporjingar(c, "/mi-side/")
    lag(1, 15)
    assert tal_sporjingar(c, "/mi-side/") == faa


def test_what_i_delegated_shows_the_open_work_first_and_only_the_newest_notifications(demo):
    from alver.lib import klokke
    from reporting import startside
    from verksemdsplan.models import Oppdrag

    sjef = User.objects.get(email="kommunalsjef.oppvekst@alver.example")
    html = _som("kommunalsjef.oppvekst").get("/mi-side/").content.decode()
    delegert = Oppdrag.objects.aktive().filter(parent__owner=sjef)
    avslutta = {Oppdrag.Status.FULLFORT, Oppdrag.Status.AVBROTE}
    assert delegert.filter(status__in=avslutta).exists() and delegert.exclude(status__in=avslutta).exists()
    rader = startside.oppdrag_lister(sjef, klokke.i_dag())["delegert"]["rader"]
    statusar = [o.status in avslutta for o in rader]
    assert statusar == sorted(statusar)  # open work first, finished after
    opne = [o.frist for o in rader if o.status not in avslutta and o.frist]
    assert opne == sorted(opne)
    # the notifications card shows the newest few and links to the rest
    from alver.models import Varsel

    uleste = Varsel.objects.filter(mottakar=sjef, lest_at__isnull=True).count()
    assert uleste > startside.VARSEL
    kort = html.split('id="varsel"', 1)[1].split("</section>", 1)[0]
    assert kort.count("/opne/") == startside.VARSEL
