"""The main menu and the start page's sections: each app registers its entries
(`alver/lib/meny.py`); the order, labels and who sees what are the same as ever."""

import pytest
from django.utils import translation

ALLE = [
    ("reporting:mi_side", "My page"),
    # the governance year everyone follows, next to the start page
    ("aarshjul:oversikt", "Annual cycle"),
    ("alver:organisasjon", "Organisation"),
    ("plans:index", "Plans"),
    ("budget:index", "Economic plan"),
    ("budget:vedtak_liste", "Decisions"),
    ("verksemdsplan:oppdrag_liste", "Assignments"),
    ("verksemdsplan:index", "Operational plan"),
    ("verksemdsplan:brev_oversikt", "Assignment letters"),
    ("reporting:index", "Reporting"),
    ("reporting:politisk_oppfolging", "Political follow-up"),
    ("checklists:index", "Checklists"),
]
# health data: only HR, leaders (for their units), the kommunedirektør and administrators
SJUKEFRAVAER = ("budget:sjukefravaer", "Sick leave")
BERRE_TILSETTE = {"verksemdsplan:oppdrag_liste", "verksemdsplan:index", "verksemdsplan:brev_oversikt"}


def _meny(svar):
    with translation.override("en"):
        return [(url, str(tekst)) for url, tekst, _prefiks in svar.context["meny"]]


def _kapittel(svar):
    with translation.override("en"):
        return [(url, str(tekst)) for url, tekst in svar.context["kapittel"]]


@pytest.mark.parametrize("rolle", ["medarbeidar", "kommunedirektor", "okonomi", "administrator"])
def test_employees_see_the_whole_menu_in_the_chains_order(client_as, rolle):
    svar = client_as(rolle).get("/profil/")
    venta = ALLE[:9] + [SJUKEFRAVAER] + ALLE[9:] if rolle in ("kommunedirektor", "administrator") else ALLE
    assert _meny(svar) == venta
    assert _kapittel(svar) == [m for m in ALLE if m[0].endswith(":index")]


def test_politicians_do_not_see_the_administrations_working_lists(client_as):
    svar = client_as("politikar").get("/profil/")
    assert _meny(svar) == [m for m in ALLE if m[0] not in BERRE_TILSETTE]
    assert _kapittel(svar) == [("plans:index", "Plans"), ("budget:index", "Economic plan"),
                               ("reporting:index", "Reporting"), ("checklists:index", "Checklists")]  # fmt: skip


def test_the_menu_is_rendered_with_the_current_page_marked(client_as):
    svar = client_as("medarbeidar").get("/organisasjon/")
    assert svar.context["aktiv_meny"] == "alver:organisasjon"
    html = svar.content.decode()
    assert '<a href="/organisasjon/" aria-current="page">' in html
    assert (
        html.index('href="/mi-side/"') < html.index('href="/organisasjon/"') < html.index('href="/planar/"')
    )


@pytest.mark.parametrize(
    ("url", "aktiv"),
    [
        ("/mi-side/", "reporting:mi_side"),
        ("/planar/", "plans:index"),
        ("/okonomiplan/", "budget:index"),
        ("/rapportering/", "reporting:index"),
        ("/profil/", ""),
    ],
)
def test_the_entry_a_page_belongs_to(client_as, url, aktiv):
    svar = client_as("administrator").get(url, follow=True)
    assert svar.context["aktiv_meny"] == aktiv


def test_no_menu_before_login(client, db):
    # db: the page's header names the kommune from its profile (cached after the first read)
    svar = client.get("/logg-inn/")
    assert "hovudmeny" not in svar.content.decode()


def test_an_app_registers_its_entries_with_its_own_rule(org, monkeypatch):
    from alver.lib import meny

    monkeypatch.setattr(meny, "_oppforingar", dict(meny._oppforingar))
    u = org["brukarar"]
    meny.registrer("ny:index", "New", ("ny:",), 92, synleg=lambda user: user == u["hr"])
    meny.registrer("ny:index", "New", ("ny:",), 92, synleg=lambda user: user == u["hr"])  # twice: one entry
    assert [o.url_namn for o in meny.oppforingar(u["hr"])][-4:] == [
        "reporting:index",
        "ny:index",
        "reporting:politisk_oppfolging",
        "checklists:index",
    ]
    assert "ny:index" not in [o.url_namn for o in meny.oppforingar(u["medarbeidar"])]
    assert meny.aktiv("ny:side") == "ny:index" and meny.aktiv("ukjend:side") == ""
