"""The sekretariat's lists of political bodies and case types: who reaches what, creating,
editing against a stale version, duplicate names, the list's query budget."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from budget import services
from budget.models import Organ, Sakstype
from tests.hjelp import INNLOGGA_ROLLER, alle_les, berre, tal_sporjingar

SEKRETARIAT = {"sekretariat": 200, "administrator": 200}

LISTE = "/vedtak/organ/"
SKJEMA = ["/vedtak/organ/ny/", "organ:endre", "/vedtak/sakstype/ny/", "sakstype:endre"]

GET_MATRIX = alle_les(LISTE) + [row for url in SKJEMA for row in berre(url, SEKRETARIAT)]
# POST with an empty form: the managers get the form back with errors (200), nothing is saved;
# the list changes nothing and takes no POST.
POST_MATRIX = (
    [(LISTE, "anonymous", 302)]
    + [(LISTE, r, 405) for r in INNLOGGA_ROLLER]
    + [row for url in SKJEMA for row in berre(url, SEKRETARIAT)]
)
IKKJE_FUNNE = [
    ("/vedtak/organ/999999/endre/", "sekretariat", 404),
    ("/vedtak/sakstype/999999/endre/", "administrator", 404),
]


def _url(url):
    if url == "organ:endre":
        return reverse("budget:organ_endre", args=[Organ.objects.get(namn="Kommunestyret").pk])
    if url == "sakstype:endre":
        return reverse("budget:sakstype_endre", args=[Sakstype.objects.get(prefiks="PS").pk])
    return url


def _tilstand():
    return (
        list(Organ.objects.values_list("namn", "type", "aktiv", "rekkjefolgje", "versjon").order_by("pk")),
        list(
            Sakstype.objects.values_list("namn", "prefiks", "gir_oppdrag", "aktiv", "versjon").order_by("pk")
        ),
    )


@pytest.mark.parametrize("url,rolle,status", GET_MATRIX + IKKJE_FUNNE)
def test_access_get(url, rolle, status, client_as):
    assert client_as(rolle).get(_url(url)).status_code == status


@pytest.mark.parametrize("url,rolle,status", POST_MATRIX + IKKJE_FUNNE)
def test_access_post(url, rolle, status, client_as):
    url = _url(url)
    for_ = _tilstand()
    assert client_as(rolle).post(url, {}).status_code == status
    assert _tilstand() == for_


def test_the_outsider_who_may_not_read_gets_404(org):
    """No logged-in role lacks reading today; the helper still hides the pages from one who does."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    from budget import permissions

    with pytest.raises(Http404):
        permissions.krev_registrering(AnonymousUser())


# --- creating -----------------------------------------------------------------------------------


def test_the_sekretariat_creates_a_body(client_as, org):
    r = client_as("sekretariat").post(
        "/vedtak/organ/ny/", {"namn": "  Eldrerådet ", "type": "raad", "rekkjefolgje": 9, "aktiv": "on"}
    )
    assert r.status_code == 302 and r.url == LISTE
    o = Organ.objects.get(namn="Eldrerådet")
    assert (o.type, o.aktiv, o.rekkjefolgje, o.versjon) == ("raad", True, 9, 1)
    h = o.history.get()
    assert h.history_type == "+" and h.history_change_reason
    assert h.history_user == org["brukarar"]["sekretariat"]
    assert "Eldrerådet" in client_as("politikar").get(LISTE).content.decode()


def test_the_administrator_creates_a_case_type(client_as, org):
    r = client_as("administrator").post(
        "/vedtak/sakstype/ny/",
        {"namn": "Klagesak", "prefiks": " ks ", "gir_oppdrag": "on", "rekkjefolgje": 7},
    )
    assert r.status_code == 302
    s = Sakstype.objects.get(namn="Klagesak")
    # unticked «aktiv» means inactive: the sekretariat may prepare one before it is used
    assert (s.prefiks, s.gir_oppdrag, s.aktiv, s.rekkjefolgje) == ("KS", True, False, 7)
    assert s.history.get().history_user == org["brukarar"]["administrator"]


def test_a_prefix_must_be_letters_and_unique_among_active_case_types(client_as):
    c = client_as("sekretariat")
    r = c.post("/vedtak/sakstype/ny/", {"namn": "Rar", "prefiks": "P5", "rekkjefolgje": 1, "aktiv": "on"})
    assert "prefiks" in r.context["form"].errors
    r = c.post("/vedtak/sakstype/ny/", {"namn": "Ny PS", "prefiks": "ps", "rekkjefolgje": 1, "aktiv": "on"})
    assert r.status_code == 200 and "prefiks" in r.context["form"].errors
    assert not Sakstype.objects.filter(namn__in=["Rar", "Ny PS"]).exists()
    # an inactive one may share it (it is not offered, so a pasted number is not ambiguous)
    assert (
        c.post("/vedtak/sakstype/ny/", {"namn": "Gamal PS", "prefiks": "PS", "rekkjefolgje": 1}).status_code
        == 302
    )


# --- editing ------------------------------------------------------------------------------------


def _organ_data(o, **endra):
    data = {"namn": o.namn, "type": o.type, "rekkjefolgje": o.rekkjefolgje, "versjon": o.versjon}
    if o.aktiv:
        data["aktiv"] = "on"
    data.update(endra)
    return {k: v for k, v in data.items() if v is not None}


def test_a_body_is_edited_and_made_inactive_never_deleted(client_as):
    o = Organ.objects.get(namn="Formannskapet")
    url = reverse("budget:organ_endre", args=[o.pk])
    r = client_as("sekretariat").post(url, _organ_data(o, namn="Formannskapet (gamalt)", aktiv=None))
    assert r.status_code == 302
    o.refresh_from_db()
    assert (o.namn, o.aktiv, o.versjon) == ("Formannskapet (gamalt)", False, 2)
    assert [h.history_type for h in o.history.order_by("history_id")][-1] == "~"
    assert o.history.latest().history_change_reason


def test_a_stale_edit_shows_the_conflict_and_stores_nothing(client_as):
    o = Organ.objects.get(namn="Kommunestyret")
    url = reverse("budget:organ_endre", args=[o.pk])
    a, b = client_as("sekretariat"), client_as("administrator")
    gammal = _organ_data(o)
    assert a.post(url, _organ_data(o, rekkjefolgje=3)).status_code == 302
    etter_a = _tilstand()
    r = b.post(url, gammal | {"namn": "Bystyret"})
    assert r.status_code == 200
    assert r.context["form"].konflikt  # the other person's change is shown
    assert r.context["form"].non_field_errors()  # and said so, in the error summary
    assert _tilstand() == etter_a
    assert Organ.objects.get(pk=o.pk).namn == "Kommunestyret"
    # the form now carries the fresh version: saving again is a deliberate choice
    assert r.context["form"].data["versjon"] == 2
    assert b.post(url, gammal | {"namn": "Bystyret", "versjon": 2}).status_code == 302
    assert Organ.objects.get(pk=o.pk).namn == "Bystyret"


def test_a_stale_case_type_edit_is_refused_too(client_as):
    s = Sakstype.objects.get(prefiks="RS")
    url = reverse("budget:sakstype_endre", args=[s.pk])
    data = {"namn": s.namn, "prefiks": "RS", "rekkjefolgje": 1, "aktiv": "on", "versjon": s.versjon}
    assert client_as("sekretariat").post(url, data | {"gir_oppdrag": "on"}).status_code == 302
    r = client_as("administrator").post(url, data | {"namn": "Referat"})
    assert r.status_code == 200 and r.context["form"].konflikt
    s.refresh_from_db()
    assert (s.namn, s.gir_oppdrag, s.versjon) == ("Referatsak", True, 2)


# --- duplicate names ----------------------------------------------------------------------------


def test_a_duplicate_name_is_a_form_error_not_a_500(client_as):
    c = client_as("sekretariat")
    for_ = _tilstand()
    r = c.post(
        "/vedtak/organ/ny/", {"namn": "kommunestyret", "type": "anna", "rekkjefolgje": 0, "aktiv": "on"}
    )
    assert r.status_code == 200 and list(r.context["form"].errors) == ["namn"]
    r = c.post("/vedtak/sakstype/ny/", {"namn": "REFERATSAK", "rekkjefolgje": 0, "aktiv": "on"})
    assert r.status_code == 200 and list(r.context["form"].errors) == ["namn"]
    o = Organ.objects.get(namn="Formannskapet")
    r = c.post(reverse("budget:organ_endre", args=[o.pk]), _organ_data(o, namn="Kommunestyret"))
    assert r.status_code == 200 and list(r.context["form"].errors) == ["namn"]
    assert _tilstand() == for_


def test_a_name_taken_in_a_race_is_a_form_error(client_as, monkeypatch):
    """The database's unique constraint answers when two people add the same name at once."""

    def race(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed: budget_organ.namn")

    monkeypatch.setattr(services, "lagre_organ", race)
    r = client_as("sekretariat").post(
        "/vedtak/organ/ny/", {"namn": "Ungdomsrådet", "type": "raad", "rekkjefolgje": 0, "aktiv": "on"}
    )
    assert r.status_code == 200 and list(r.context["form"].errors) == ["namn"]


# --- the list -----------------------------------------------------------------------------------


def test_the_list_keeps_its_query_count(client_as):
    c = client_as("politikar")

    def fleire(n, start):
        Organ.objects.bulk_create(Organ(namn=f"Utval {i}", rekkjefolgje=i) for i in range(start, start + n))
        Sakstype.objects.bulk_create(Sakstype(namn=f"Type {i}") for i in range(start, start + n))

    fleire(5, 0)
    liten = tal_sporjingar(c, LISTE)
    fleire(45, 5)
    assert Organ.objects.count() >= 50
    assert tal_sporjingar(c, LISTE) == liten
    assert tal_sporjingar(client_as("sekretariat"), LISTE) == liten


@pytest.mark.parametrize("rolle", ["medarbeidar", "politikar", "kommunalsjef", "okonomi"])
def test_readers_see_no_new_or_edit_links(rolle, client_as):
    html = client_as(rolle).get(LISTE).content.decode()
    assert "Kommunestyret" in html and "Referatsak" in html
    for lenkje in ["/vedtak/organ/ny/", "/vedtak/sakstype/ny/", "/endre/"]:
        assert lenkje not in html


@pytest.mark.parametrize("rolle", ["sekretariat", "administrator"])
def test_managers_see_new_and_edit_links(rolle, client_as):
    html = client_as(rolle).get(LISTE).content.decode()
    o = Organ.objects.get(namn="Kommunestyret")
    s = Sakstype.objects.get(prefiks="PS")
    for lenkje in [
        "/vedtak/organ/ny/",
        "/vedtak/sakstype/ny/",
        reverse("budget:organ_endre", args=[o.pk]),
        reverse("budget:sakstype_endre", args=[s.pk]),
    ]:
        assert f'href="{lenkje}"' in html


def test_the_decisions_page_links_to_the_lists(client_as):
    assert f'href="{LISTE}"' in client_as("politikar").get("/vedtak/").content.decode()


def test_the_services_keep_history_with_a_reason(org):
    user = org["brukarar"]["sekretariat"]
    o = services.lagre_organ(Organ(namn="Kontrollutvalet", type="anna"), user=user)
    o.aktiv = False
    services.lagre_organ(o, versjon=1, user=user)
    assert [
        (h.history_type, bool(h.history_change_reason), h.history_user)
        for h in o.history.order_by("history_id")
    ] == [
        ("+", True, user),
        ("~", True, user),
    ]
    assert Organ.objects.get(pk=o.pk).versjon == 2
