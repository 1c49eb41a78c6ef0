"""An administrator puts back an earlier text from a change log — a plan's, a goal's, a measure's
in an action plan or the økonomiplan, an oppdrag's description — as a new change with its own
log entry; the log shows a text's changed words; a change made meanwhile is not overwritten;
others may not, and see no button."""

import re

import pytest
from django.test import Client

from alver.models import User
from budget.models import BudsjettTiltak, Okonomiplan
from plans.models import Handlingsplan, Maal, Plan, Tiltak
from verksemdsplan.models import Oppdrag

GAMMAL = "Vi skal lytte til innbyggjarane i kvar sak."
NY = "Vi skal gjere som vi vil."


def _plan():
    return Plan.objects.filter(status="vedtatt").order_by("pk").first()


def _maal():
    return Maal.objects.filter(plan__status="vedtatt").order_by("pk").first()


def _tiltak():
    rulla = Handlingsplan.objects.exclude(forrige=None).values("forrige")
    return Tiltak.objects.exclude(handlingsplan__in=rulla).order_by("pk").first()


def _budsjettiltak():
    return (
        BudsjettTiltak.objects.exclude(okonomiplan__status=Okonomiplan.Status.VEDTATT)
        .exclude(okonomiplan__vedtakingar__isnull=False)
        .order_by("pk")
        .first()
    )


def _oppdrag():
    return Oppdrag.objects.filter(trekt_at=None).order_by("pk").first()


# kind: (the object, its page, its restore url, status for politikar and medarbeidar)
SLAG = {
    "plan": (_plan, lambda o: f"/planar/{o.pk}/", lambda o: f"/planar/{o.pk}/gjenopprett/", 403, 403),
    "maal": (
        _maal,
        lambda o: f"/planar/maal/{o.pk}/",
        lambda o: f"/planar/maal/{o.pk}/gjenopprett/",
        403,
        403,
    ),
    "tiltak": (
        _tiltak,
        lambda o: f"/planar/tiltak/{o.pk}/",
        lambda o: f"/planar/tiltak/{o.pk}/gjenopprett/",
        403,
        403,
    ),
    "budsjettiltak": (
        _budsjettiltak,
        lambda o: f"/okonomiplan/{o.okonomiplan.forste_aar}/tiltak/{o.pk}/",
        lambda o: f"/okonomiplan/{o.okonomiplan.forste_aar}/tiltak/{o.pk}/gjenopprett/",
        403,
        403,
    ),
    "oppdrag": (_oppdrag, lambda o: f"/oppdrag/{o.pk}/", lambda o: f"/oppdrag/{o.pk}/gjenopprett/", 404, 403),
}


def _som(email):
    c = Client()
    c.force_login(User.objects.get(email=f"{email}@alver.example"))
    return c


def _endra_to_gonger(obj):
    obj.skildring = GAMMAL
    obj.save()
    obj.skildring = NY
    obj.save()
    obj.refresh_from_db()
    return obj.history.order_by("-history_id")[1]  # the record before the last change


@pytest.fixture(params=list(SLAG))
def slag(request, demo):
    finn, side, url, *_status = SLAG[request.param]
    obj = finn()
    assert obj is not None, request.param
    foer = _endra_to_gonger(obj)
    return obj, side(obj), url(obj), foer, SLAG[request.param][3:]


def test_the_administrator_sees_the_words_changed_and_restores_the_text(slag):
    obj, side_url, url, foer, _s = slag
    c = _som("admin")
    side = c.get(side_url, HTTP_ACCEPT_LANGUAGE="nn").content.decode()
    # the words that changed, not the two whole texts; and the button to put back the one before
    assert re.search(r"<del>(?:(?!</del>).)*lytte(?:(?!</del>).)*</del>", side, re.S)
    assert f"<del>{GAMMAL}</del>" not in side
    assert f'action="{url}"' in side
    antal = obj.history.count()
    r = c.post(url, {"felt": "skildring", "historikk": foer.history_id, "versjon": obj.versjon})
    assert r.status_code == 302 and r["Location"].endswith("#endringslogg")
    obj.refresh_from_db()
    assert obj.skildring == GAMMAL
    assert obj.history.count() == antal + 1
    siste = obj.history.order_by("-history_id").first()
    assert siste.history_user.email == "admin@alver.example"
    # the log says what was restored, in the reader's language
    side = c.get(side_url, HTTP_ACCEPT_LANGUAGE="nn").content.decode()
    assert "Teksten i skildring vart henta fram att frå" in side


def test_a_change_made_meanwhile_is_not_overwritten(slag):
    obj, _side, url, foer, _s = slag
    gammal_versjon = obj.versjon
    obj.skildring, obj.versjon = "Ein tredje tekst.", obj.versjon + 1
    obj.save()
    r = _som("admin").post(
        url, {"felt": "skildring", "historikk": foer.history_id, "versjon": gammal_versjon}
    )
    assert r.status_code == 302
    obj.refresh_from_db()
    assert obj.skildring == "Ein tredje tekst."


def test_another_objects_record_or_a_field_that_is_not_a_text_is_not_found(slag):
    obj, _side, url, foer, _s = slag
    anna = type(obj).objects.exclude(pk=obj.pk).order_by("pk").first()
    anna.skildring = "Anna."
    anna.save()
    framand = anna.history.order_by("-history_id").first()
    c = _som("admin")
    for data in (
        {"felt": "skildring", "historikk": framand.history_id, "versjon": obj.versjon},
        {"felt": "tittel", "historikk": foer.history_id, "versjon": obj.versjon},
        {"felt": "skildring", "historikk": "x", "versjon": obj.versjon},
    ):
        assert c.post(url, data).status_code == 404, data
    obj.refresh_from_db()
    assert obj.skildring == NY


@pytest.mark.parametrize("rolle", ["anonymous", "kommunedirektor", "politikar", "medarbeidar", "admin"])
def test_tilgang(slag, rolle):
    obj, side_url, url, foer, (politikar, medarbeidar) = slag
    c = Client() if rolle == "anonymous" else _som(rolle)
    assert c.get(url).status_code == 405
    venta = {"anonymous": 302, "kommunedirektor": 403, "politikar": politikar, "medarbeidar": medarbeidar}
    r = c.post(url, {"felt": "skildring", "historikk": foer.history_id, "versjon": obj.versjon})
    assert r.status_code == venta.get(rolle, 302)
    obj.refresh_from_db()
    assert obj.skildring == (GAMMAL if rolle == "admin" else NY)
    if rolle != "anonymous":
        side = c.get(side_url)
        # the button is shown only to those it works for
        assert (f'action="{url}"' in side.content.decode()) is (rolle == "admin")
