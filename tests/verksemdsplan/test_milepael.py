"""Milestones on an oppdrag: the deadline rule both ways, done, conflict, double submit, who may
change them, and the timeline on the oppdrag page and in the reports."""

import datetime

import pytest
from django.urls import reverse

from alver.lib.historikk import vis_grunn
from budget.models import Organ
from tests.hjelp import tal_sporjingar
from verksemdsplan import services
from verksemdsplan.models import Milepael, Oppdrag


@pytest.fixture
def milepael(org, oppdrag):
    m, _ = services.legg_til_milepael(
        oppdrag,
        user=org["brukarar"]["kommunalsjef"],
        tittel="Forprosjekt ferdig",
        dato=datetime.date(2026, 10, 1),
        ansvarleg_eining=org["einingar"]["skule"],
    )
    return m


def _ny(c, oppdrag, **data):
    post = {"milepael-tittel": "Høyring", "milepael-dato": "2026-11-15", "milepael-token": "t1"}
    post.update({f"milepael-{k}": v for k, v in data.items()})
    return c.post(reverse("verksemdsplan:milepael_ny", args=[oppdrag.pk]), post)


def test_the_owner_adds_a_milestone_and_a_double_submit_stores_it_once(org, oppdrag, client_as):
    c = client_as("kommunalsjef")
    assert _ny(c, oppdrag, ansvarleg_person=org["brukarar"]["tenesteleiar"].pk).status_code == 302
    assert _ny(c, oppdrag, ansvarleg_person=org["brukarar"]["tenesteleiar"].pk).status_code == 302
    (m,) = Milepael.objects.filter(oppdrag=oppdrag)
    assert (m.tittel, m.dato, m.ansvarleg) == (
        "Høyring",
        datetime.date(2026, 11, 15),
        org["brukarar"]["tenesteleiar"],
    )
    assert vis_grunn(m.history.get().history_change_reason) == "Milepæl lagd til av Ola Oppvekst"


def test_a_milestone_after_the_deadline_is_refused_by_the_date_field(org, oppdrag, client_as):
    svar = _ny(client_as("kommunalsjef"), oppdrag, tittel="For seint", dato="2026-12-24")
    assert svar.status_code == 200
    form = svar.context["milepael_form"]
    assert form.errors["dato"] == ["Milepælen kan ikkje vere etter fristen for oppdraget (1. desember 2026)."]
    html = svar.content.decode()
    assert 'value="For seint"' in html and 'value="2026-12-24"' in html  # what was typed stays
    assert not Milepael.objects.exists()


def test_only_one_responsible(org, oppdrag, client_as):
    svar = _ny(
        client_as("kommunalsjef"),
        oppdrag,
        ansvarleg_person=org["brukarar"]["tenesteleiar"].pk,
        ansvarleg_organ=Organ.objects.get(namn="Kommunestyret").pk,
    )
    assert svar.context["milepael_form"].errors["ansvarleg_organ"] == [
        "Vel berre éin ansvarleg: ein person, ei eining eller eit politisk organ."
    ]
    assert not Milepael.objects.exists()


def test_moving_the_deadline_before_a_milestone_is_refused(org, oppdrag, milepael, client_as):
    url = reverse("verksemdsplan:oppdrag_endre", args=[oppdrag.pk])
    svar = client_as("kommunalsjef").post(
        url, {"frist": "2026-09-01", "status": "i_gang", "versjon": oppdrag.versjon}
    )
    assert svar.status_code == 200
    assert svar.context["form"].errors["frist"] == [
        "Fristen kan ikkje vere før milepælen «Forprosjekt ferdig» (1. oktober 2026). Flytt milepælen først."
    ]
    o = Oppdrag.objects.get(pk=oppdrag.pk)
    assert (o.frist, o.status, o.versjon) == (datetime.date(2026, 12, 1), "ikkje_starta", oppdrag.versjon)


def test_marking_done_sets_the_day_once_and_can_be_undone(org, oppdrag, milepael, client_as, klokke):
    klokke.sett(datetime.date(2026, 10, 3))
    c = client_as("kommunalsjef")
    url = reverse("verksemdsplan:milepael_ferdig", args=[oppdrag.pk, milepael.pk])
    assert c.post(url, {"ferdig": "1"}).status_code == 302
    klokke.sett(datetime.date(2026, 10, 4))
    c.post(url, {"ferdig": "1"})  # a double submit changes nothing
    milepael.refresh_from_db()
    assert milepael.ferdig_dato == datetime.date(2026, 10, 3) and milepael.history.count() == 2
    html = c.get(oppdrag.get_absolute_url()).content.decode()
    assert "ferdig 3.10.2026" in html and "Merk «Forprosjekt ferdig» som ikkje ferdig" in html
    c.post(url, {"ferdig": "0"})
    milepael.refresh_from_db()
    assert milepael.ferdig_dato is None


def test_a_concurrent_edit_is_refused_and_the_same_form_twice_is_not_a_conflict(
    org, oppdrag, milepael, client_as
):
    url = reverse("verksemdsplan:milepael_endre", args=[oppdrag.pk, milepael.pk])
    a, b = client_as("kommunalsjef"), client_as("kommunedirektor")
    data = {"tittel": "Forprosjekt levert", "dato": "2026-10-02", "versjon": milepael.versjon}
    assert a.post(url, data).status_code == 302
    assert a.post(url, data).status_code == 302  # sent twice: already saved, no conflict shown
    svar = b.post(url, {"tittel": "Anna", "dato": "2026-10-05", "versjon": milepael.versjon})
    assert "Nokon andre lagra dette medan du skreiv" in svar.content.decode()
    milepael.refresh_from_db()
    assert (milepael.tittel, milepael.versjon) == ("Forprosjekt levert", 2)


def test_edit_refuses_a_date_after_the_deadline(org, oppdrag, milepael, client_as):
    url = reverse("verksemdsplan:milepael_endre", args=[oppdrag.pk, milepael.pk])
    svar = client_as("kommunalsjef").post(
        url, {"tittel": "X", "dato": "2027-01-01", "versjon": milepael.versjon}
    )
    assert "dato" in svar.context["form"].errors
    milepael.refresh_from_db()
    assert milepael.dato == datetime.date(2026, 10, 1)


def test_delete_keeps_history_and_a_second_submit_is_harmless(org, oppdrag, milepael, client_as):
    c = client_as("kommunalsjef")
    url = reverse("verksemdsplan:milepael_slett", args=[oppdrag.pk, milepael.pk])
    assert c.post(url).status_code == 302
    assert c.post(url).status_code == 302
    assert not Milepael.objects.exists()
    assert Milepael.history.filter(history_type="-").count() == 1


@pytest.mark.parametrize("namn", ["milepael_ny", "milepael_ferdig", "milepael_slett"])
def test_readers_get_403_outsiders_404(namn, org, oppdrag, milepael, client_as):
    args = [oppdrag.pk] if namn == "milepael_ny" else [oppdrag.pk, milepael.pk]
    url = reverse(f"verksemdsplan:{namn}", args=args)
    assert client_as("medarbeidar").post(url, {"ferdig": "1"}).status_code == 403
    assert client_as("politikar").post(url, {"ferdig": "1"}).status_code == 404
    assert client_as("administrator").get(url).status_code == 405
    milepael.refresh_from_db()
    assert milepael.ferdig_dato is None


def test_a_milestone_of_another_oppdrag_is_404(org, oppdrag, milepael, client_as):
    anna = Oppdrag.objects.create(
        verksemdsplan=oppdrag.verksemdsplan, aar=2026, tittel="Anna", kategori=oppdrag.kategori,
        eining=oppdrag.eining, owner=oppdrag.owner,
    )  # fmt: skip
    url = reverse("verksemdsplan:milepael_endre", args=[anna.pk, milepael.pk])
    assert client_as("kommunalsjef").get(url).status_code == 404


def test_the_timeline_on_the_oppdrag_page(org, oppdrag, milepael, client_as):
    services.legg_til_milepael(
        oppdrag, user=org["brukarar"]["kommunalsjef"], tittel="Vedtak i kommunestyret",
        dato=datetime.date(2026, 11, 20), ansvarleg_organ=Organ.objects.get(namn="Kommunestyret"),
    )  # fmt: skip
    html = client_as("medarbeidar").get(oppdrag.get_absolute_url()).content.decode()
    assert html.index("Forprosjekt ferdig") < html.index("Vedtak i kommunestyret")
    assert "Ansvarleg: Skule" in html and "Ansvarleg: Kommunestyret" in html
    assert 'data-color="danger" data-size="sm">over datoen</span>' in html  # 1.10 has passed, not done
    # a reader sees the timeline but no buttons or links they cannot use
    assert "milepael/ny" not in html and "/ferdig/" not in html and "/endre/" not in html
    eigar = client_as("kommunalsjef").get(oppdrag.get_absolute_url()).content.decode()
    assert reverse("verksemdsplan:milepael_ny", args=[oppdrag.pk]) in eigar


def test_the_oppdrag_page_keeps_its_query_count_with_more_milestones(org, oppdrag, milepael, client_as):
    c = client_as("kommunalsjef")
    url = oppdrag.get_absolute_url()
    smaa = tal_sporjingar(c, url)
    for i in range(20):
        services.legg_til_milepael(
            oppdrag, user=org["brukarar"]["kommunalsjef"], tittel=f"M{i}", dato=datetime.date(2026, 11, 1),
            ansvarleg_person=org["brukarar"]["tenesteleiar"] if i % 2 else None,
            ansvarleg_organ=None if i % 2 else Organ.objects.get(namn="Kommunestyret"),
        )  # fmt: skip
    assert tal_sporjingar(c, url) == smaa


def test_prosjektdirektiv_fields_are_edited_and_shown(org, oppdrag, client_as):
    url = reverse("verksemdsplan:oppdrag_endre", args=[oppdrag.pk])
    c = client_as("kommunalsjef")
    ks = Organ.objects.get(namn="Kommunestyret")
    base = {"frist": "2026-12-01", "status": "i_gang", "versjon": oppdrag.versjon}
    svar = c.post(
        url,
        base
        | {"oppdragsgjevar_organ": ks.pk, "oppdragsgjevar_person": org["brukarar"]["kommunedirektor"].pk},
    )
    assert "oppdragsgjevar_person" in svar.context["form"].errors
    svar = c.post(url, base | {"startdato": "2026-12-02"})
    assert svar.context["form"].errors["startdato"] == [
        "Startdatoen kan ikkje vere etter fristen (1. desember 2026)."
    ]
    assert Oppdrag.objects.get(pk=oppdrag.pk).versjon == oppdrag.versjon
    svar = c.post(
        url,
        base | {"oppdragsgjevar_organ": ks.pk, "startdato": "2026-03-01", "effektmaal": "Tryggare born",
                "resultatmaal": "Fire nye gangfelt"},
    )  # fmt: skip
    assert svar.status_code == 302
    html = c.get(oppdrag.get_absolute_url()).content.decode()
    for tekst in (
        "Oppdragsgjevar",
        "Kommunestyret",
        "1.3.2026",
        "Effektmål",
        "Tryggare born",
        "Fire nye gangfelt",
    ):
        assert tekst in html


def test_a_corrected_decision_moves_the_deadline_and_flags_milestones_after_it(
    org, oppdrag, milepael, client_as
):
    """The decision's deadline is the politicians' word: it is not refused for a milestone; the
    owner sees which milestones now lie after it, and must move them to save them again."""
    vedtak = oppdrag.kjelde_vedtak
    vedtak.frist = datetime.date(2026, 9, 1)
    vedtak.save()
    services.oppdater_fra_vedtak(vedtak)
    oppdrag.refresh_from_db()
    assert oppdrag.frist == datetime.date(2026, 9, 1)
    html = client_as("kommunalsjef").get(oppdrag.get_absolute_url()).content.decode()
    assert 'data-size="sm">etter fristen</span>' in html
