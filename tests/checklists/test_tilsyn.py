"""The register of statlege tilsyn: who reads and who keeps it, registering an inspection (a
double submit stores once), editing it (a stale form is a conflict), adding a finding (which
makes an internkontroll oppdrag owned by the following unit's leader), and the pages' queries."""

import datetime
import re

import pytest
from django.urls import reverse

from checklists import services
from checklists.models import Funn, Tilsyn
from tests.hjelp import berre, tal_sporjingar
from verksemdsplan.models import Oppdrag

LESARAR = {
    "administrator": 200,
    "kommunedirektor": 200,
    "hr": 200,
    "kommunalsjef": 200,
    "tenesteleiar": 200,
}
REGISTRERER = {
    "administrator": 200,
    "kommunedirektor": 200,
    "hr": 200,
    "kommunalsjef": 403,
    "tenesteleiar": 403,
}

MATRIX = (
    berre("checklists:tilsyn_liste", LESARAR, andre=404)
    + berre("checklists:tilsyn", LESARAR, andre=404)
    + berre("checklists:tilsyn_ny", REGISTRERER, andre=404)
    + berre("checklists:tilsyn_endre", REGISTRERER, andre=404)
)


@pytest.fixture
def tilsyn(org):
    return services.registrer_tilsyn(
        user=org["brukarar"]["hr"],
        myndigheit="Arbeidstilsynet",
        dato=datetime.date(2026, 9, 15),
        tema="Psykososialt arbeidsmiljø",
        eining=org["einingar"]["skule"],
        saksnummer="2026/1234",
    )


def _url(namn, t):
    return (
        reverse(namn, args=[t.pk])
        if namn in ("checklists:tilsyn", "checklists:tilsyn_endre")
        else reverse(namn)
    )


@pytest.mark.parametrize("namn,rolle,status", MATRIX)
def test_access(namn, rolle, status, tilsyn, client_as):
    assert client_as(rolle).get(_url(namn, tilsyn)).status_code == status


@pytest.mark.parametrize(
    "rolle,status",
    [("anonymous", 302), ("hr", 200), ("kommunalsjef", 403), ("medarbeidar", 404), ("politikar", 404)],
)
def test_adding_a_finding_is_for_the_keepers_of_the_register(rolle, status, tilsyn, client_as):
    # an empty form: the keepers get the page back with the messages, others never get that far
    svar = client_as(rolle).post(reverse("checklists:funn_ny", args=[tilsyn.pk]), {})
    assert svar.status_code == status
    assert not Funn.objects.exists()


def test_adding_a_finding_is_post_only(tilsyn, client_as):
    assert client_as("hr").get(reverse("checklists:funn_ny", args=[tilsyn.pk])).status_code == 405


def test_a_missing_inspection_is_404_for_everyone(client_as):
    for rolle in ("hr", "kommunalsjef"):
        for namn in ("checklists:tilsyn", "checklists:tilsyn_endre"):
            assert client_as(rolle).get(reverse(namn, args=[999])).status_code == 404


def test_only_the_keepers_see_the_buttons(tilsyn, client_as):
    registrer = reverse("checklists:tilsyn_ny")
    endre = reverse("checklists:tilsyn_endre", args=[tilsyn.pk])
    funn = reverse("checklists:funn_ny", args=[tilsyn.pk])
    hr = client_as("hr")
    assert registrer in hr.get(reverse("checklists:tilsyn_liste")).content.decode()
    side = hr.get(tilsyn.get_absolute_url()).content.decode()
    assert endre in side and funn in side
    ks = client_as("kommunalsjef")
    assert registrer not in ks.get(reverse("checklists:tilsyn_liste")).content.decode()
    side = ks.get(tilsyn.get_absolute_url()).content.decode()
    assert endre not in side and funn not in side and "Psykososialt arbeidsmiljø" in side


def _skjema(**meir):
    return {
        "myndigheit": "Statsforvaltaren",
        "dato": "2026-10-01",
        "tema": "Spesialundervisning",
        "eining": "",
        "saksnummer": "2026/0042",
        "rapport_dato": "",
        "lukka_at": "",
        **meir,
    }


def test_registering_stores_once_on_a_double_submit(org, client_as):
    c = client_as("kommunedirektor")
    oppvekst = org["einingar"]["oppvekst"]
    forste = c.post(reverse("checklists:tilsyn_ny"), _skjema(eining=oppvekst.pk))
    t = Tilsyn.objects.get()
    assert forste.status_code == 302 and forste.url == t.get_absolute_url()
    assert (t.myndigheit, t.tema, t.saksnummer, t.eining, t.registrert_av) == (
        "Statsforvaltaren",
        "Spesialundervisning",
        "2026/0042",
        oppvekst,
        org["brukarar"]["kommunedirektor"],
    )
    # the same form again, with other spacing and case: the first is shown, nothing stored
    andre = c.post(
        reverse("checklists:tilsyn_ny"), _skjema(myndigheit="statsforvaltaren ", eining=oppvekst.pk)
    )
    assert andre.status_code == 302 and andre.url == t.get_absolute_url()
    assert Tilsyn.objects.count() == 1 and t.history.count() == 1
    # another theme the same day is another inspection
    c.post(reverse("checklists:tilsyn_ny"), _skjema(tema="Skulemiljø"))
    assert Tilsyn.objects.count() == 2


def test_bad_input_gets_messages_by_the_fields(client_as):
    svar = client_as("hr").post(
        reverse("checklists:tilsyn_ny"), _skjema(myndigheit="", dato="2026-13-01", lukka_at="2026-01-01")
    )
    assert svar.status_code == 200 and not Tilsyn.objects.exists()
    form = svar.context["form"]
    assert {"myndigheit", "dato"} <= set(form.errors)
    # a date before the inspection is refused when the inspection's date is known
    svar = client_as("hr").post(reverse("checklists:tilsyn_ny"), _skjema(lukka_at="2026-09-01"))
    assert "lukka_at" in svar.context["form"].errors and not Tilsyn.objects.exists()


def test_the_unit_choice_holds_active_units_only(org, client_as, klokke):
    lindaas = org["einingar"]["lindaas"]
    lindaas.gyldig_til = datetime.date(2026, 1, 1)
    lindaas.save()
    felt = client_as("hr").get(reverse("checklists:tilsyn_ny")).context["form"].fields["eining"]
    assert lindaas not in felt.queryset and org["einingar"]["skule"] in felt.queryset


def test_a_stale_edit_is_a_conflict_and_a_double_submit_changes_once(org, tilsyn, client_as):
    url = reverse("checklists:tilsyn_endre", args=[tilsyn.pk])
    c = client_as("hr")
    assert c.get(url).context["form"]["versjon"].value() == 1
    data = _skjema(
        myndigheit=tilsyn.myndigheit,
        dato="2026-09-15",
        tema=tilsyn.tema,
        eining=tilsyn.eining_id,
        rapport_dato="2026-10-20",
        versjon=1,
    )
    assert c.post(url, data).status_code == 302
    assert c.post(url, data).status_code == 302  # the same form again: nothing more to save
    tilsyn.refresh_from_db()
    assert tilsyn.versjon == 2 and tilsyn.rapport_dato == datetime.date(2026, 10, 20)
    assert tilsyn.saksnummer == "2026/0042" and tilsyn.history.count() == 2

    # someone who opened the form at version 1 and changes something else is told, not obeyed
    svar = client_as("kommunedirektor").post(url, {**data, "lukka_at": "2026-11-01"})
    assert svar.status_code == 200
    assert svar.context["form"].non_field_errors() and svar.context["form"].konflikt
    tilsyn.refresh_from_db()
    assert tilsyn.lukka_at is None and tilsyn.versjon == 2
    # saving again from the conflict page (now at version 2) is deliberate and goes through
    assert (
        client_as("kommunedirektor").post(url, {**data, "lukka_at": "2026-11-01", "versjon": 2}).status_code
        == 302
    )
    tilsyn.refresh_from_db()
    assert tilsyn.lukka_at == datetime.date(2026, 11, 1)


def test_an_edit_into_another_registered_inspection_is_refused(org, tilsyn, client_as):
    annan = services.registrer_tilsyn(
        user=org["brukarar"]["hr"], myndigheit="Mattilsynet", dato=datetime.date(2026, 9, 15), tema="Kjøkken"
    )
    url = reverse("checklists:tilsyn_endre", args=[annan.pk])
    svar = client_as("hr").post(
        url, _skjema(myndigheit="Arbeidstilsynet", dato="2026-09-15", tema=tilsyn.tema, versjon=1)
    )
    assert svar.status_code == 200 and "tema" in svar.context["form"].errors
    annan.refresh_from_db()
    assert annan.myndigheit == "Mattilsynet"


def _funn(eining, **meir):
    return {
        "funn-type": "avvik",
        "funn-nummer": "Avvik 1",
        "funn-tekst": "Kommunen har ikkje kartlagt risiko for vald og truslar.",
        "funn-frist": "2027-01-31",
        "funn-eining": eining.pk,
        **meir,
    }


def test_a_finding_becomes_an_internkontroll_oppdrag_for_the_units_leader(org, tilsyn, client_as):
    skule, leiar = org["einingar"]["skule"], org["brukarar"]["tenesteleiar"]
    c = client_as("hr")
    # the form offers the inspected unit first
    assert c.get(tilsyn.get_absolute_url()).context["funn_form"]["eining"].value() == skule.pk
    url = reverse("checklists:funn_ny", args=[tilsyn.pk])
    svar = c.post(url, _funn(skule))
    f = Funn.objects.get()
    assert svar.status_code == 302 and svar.url == f"{tilsyn.get_absolute_url()}#funn-{f.pk}"
    o = Oppdrag.objects.get(pk=f.oppdrag_id)
    assert (o.owner, o.eining, o.kategori.kode, o.frist) == (
        leiar,
        skule,
        "internkontroll",
        datetime.date(2027, 1, 31),
    )
    assert "Psykososialt arbeidsmiljø" in o.tittel and "vald og truslar" in o.skildring
    assert (f.type, f.nummer) == ("avvik", "Avvik 1")

    # a double submit makes no second finding and no second oppdrag
    assert c.post(url, _funn(skule)).status_code == 302
    assert Funn.objects.count() == 1 and Oppdrag.objects.filter(kategori__kode="internkontroll").count() == 1

    # the inspection's page shows the finding, its oppdrag (linked), the owner and the status
    side = c.get(tilsyn.get_absolute_url())
    html = side.content.decode()
    assert f'href="{o.get_absolute_url()}"' in html and leiar.namn in html
    assert o.get_status_display().capitalize() in html and "vald og truslar" in html
    # and its change log tells that the finding was registered, and by whom
    assert any(p.type == "+" and "Avvik 1" in p.grunn for p in side.context["logg"])


def test_a_finding_for_a_unit_without_a_leader_gets_an_oppdrag_without_owner(org, tilsyn, client_as):
    knarvik = org["einingar"]["knarvik"]
    client_as("hr").post(
        reverse("checklists:funn_ny", args=[tilsyn.pk]),
        _funn(knarvik, **{"funn-type": "merknad", "funn-nummer": "Merknad 1", "funn-frist": ""}),
    )
    o = Funn.objects.get().oppdrag
    assert o.eining == knarvik and o.owner is None and o.frist is None


def test_a_finding_without_text_is_refused_with_a_message(org, tilsyn, client_as):
    svar = client_as("hr").post(
        reverse("checklists:funn_ny", args=[tilsyn.pk]),
        _funn(org["einingar"]["skule"], **{"funn-tekst": "  "}),
    )
    assert svar.status_code == 200 and "tekst" in svar.context["funn_form"].errors
    assert not Funn.objects.exists() and not Oppdrag.objects.exists()


def test_the_list_counts_findings_and_open_ones_and_filters_by_year(org, tilsyn, client_as):
    hr, skule = org["brukarar"]["hr"], org["einingar"]["skule"]
    for i, (typ, nr) in enumerate([("avvik", "1"), ("avvik", "2"), ("merknad", "1")]):
        services.legg_til_funn(tilsyn, user=hr, eining=skule, type=typ, nummer=nr, tekst=f"Funn {i}")
    ferdig = Funn.objects.get(type="avvik", nummer="1").oppdrag
    ferdig.status = Oppdrag.Status.FULLFORT
    ferdig.save()
    gammalt = services.registrer_tilsyn(
        user=hr, myndigheit="Mattilsynet", dato=datetime.date(2025, 3, 1), tema="Kjøkkenhygiene"
    )

    side = client_as("kommunalsjef").get(reverse("checklists:tilsyn_liste"))
    rader = {t.pk: t for t in side.context["side"]}
    t = rader[tilsyn.pk]
    assert (t.tal_avvik, t.tal_merknad, t.tal_opne) == (2, 1, 2)
    assert (rader[gammalt.pk].tal_avvik, rader[gammalt.pk].tal_opne) == (0, 0)
    assert side.context["aar_med_tilsyn"] == [2026, 2025]
    rad = _rad(side.content.decode(), "Psykososialt arbeidsmiljø")
    assert "Arbeidstilsynet" in rad and "Skule" in rad and "2026/1234" in rad

    aar_2025 = client_as("kommunalsjef").get(reverse("checklists:tilsyn_liste") + "?aar=2025")
    assert [t.pk for t in aar_2025.context["side"]] == [gammalt.pk]
    # nonsense in the filter shows every year
    alle = client_as("kommunalsjef").get(reverse("checklists:tilsyn_liste") + "?aar=x")
    assert alle.status_code == 200 and alle.context["side"].paginator.count == 2

    # once the authority has closed the inspection, nothing of it is open
    services.endre_tilsyn(tilsyn, tilsyn.versjon, user=hr, lukka_at=datetime.date(2026, 11, 20))
    side = client_as("kommunalsjef").get(reverse("checklists:tilsyn_liste"))
    assert {t.pk: t.tal_opne for t in side.context["side"]}[tilsyn.pk] == 0


def _rad(html, tekst):
    """The text of the table row holding `tekst`, tags stripped."""
    for rad in re.findall(r"<tr[^>]*>.*?</tr>", html, flags=re.S):
        if tekst in rad:
            return " ".join(re.sub(r"<[^>]+>", " ", rad).split())
    raise AssertionError(f"No row with {tekst!r}")


def _fyll(org, n, start=0):
    hr, einingar = org["brukarar"]["hr"], list(org["einingar"].values())[1:]
    for i in range(start, start + n):
        t = services.registrer_tilsyn(
            user=hr,
            myndigheit=f"Myndigheit {i}",
            dato=datetime.date(2026, 1 + i % 12, 1),
            tema=f"Tema {i}",
            eining=einingar[i % len(einingar)],
        )
        for j in range(2):
            services.legg_til_funn(
                t,
                user=hr,
                eining=einingar[(i + j) % len(einingar)],
                type="avvik",
                nummer=str(j),
                tekst=f"F{j}",
            )


def test_the_list_keeps_its_query_count(org, client_as):
    c, url = client_as("kommunalsjef"), reverse("checklists:tilsyn_liste")
    _fyll(org, 2)
    lite = tal_sporjingar(c, url)
    _fyll(org, 20, start=2)
    assert tal_sporjingar(c, url) == lite


def test_the_inspection_page_keeps_its_query_count(org, tilsyn, client_as):
    hr, einingar = org["brukarar"]["hr"], list(org["einingar"].values())[1:]
    c, url = client_as("hr"), tilsyn.get_absolute_url()
    services.legg_til_funn(tilsyn, user=hr, eining=einingar[0], type="avvik", nummer="1", tekst="Første")
    lite = tal_sporjingar(c, url)
    for i in range(2, 12):
        services.legg_til_funn(
            tilsyn,
            user=hr,
            eining=einingar[i % len(einingar)],
            type="merknad",
            nummer=str(i),
            tekst=f"Funn {i}",
        )
    assert tal_sporjingar(c, url) == lite
