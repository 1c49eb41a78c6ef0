"""An administrator puts back a letter section's earlier text from the change log: a new
change with its own log entry, guarded against a change made meanwhile; others may not."""

import re

import pytest

from verksemdsplan import brev as tenester
from verksemdsplan.models import Brevseksjon

URL = "/oppdragsbrev/2026/1000/gjenopprett/"


@pytest.fixture
def brev(org):
    kd = org["brukarar"]["kommunedirektor"]
    b = tenester.lag_brev(org["einingar"]["kommune"], 2026, user=kd)
    s = b.seksjonar.order_by("pk").first()
    b = tenester.lagre_tekst(
        b, b.versjon, {s.pk: ("Vi skal **lytte** til innbyggjarane.", False)}, offentleg=False, user=kd
    )
    b = tenester.lagre_tekst(
        b, b.versjon, {s.pk: ("Vi skal gjere som vi vil.", False)}, offentleg=False, user=kd
    )
    return b, s


def _foer_siste_endring(s):
    """The history record of the section's text before its last change."""
    return s.history.order_by("-history_date", "-history_id")[1]


def _post(c, b, s, post, versjon=None):
    return c.post(URL, {"seksjon": s.pk, "historikk": post.history_id, "versjon": versjon or b.versjon})


def test_the_administrator_sees_the_words_changed_and_restores_the_text(brev, client_as):
    b, s = brev
    c = client_as("administrator")
    side = c.get(b.get_absolute_url()).content.decode()
    # the log shows the words that changed, and the button to put back the text before
    assert re.search(r"<del>(?:(?!</del>).)*lytte(?:(?!</del>).)*</del>", side, re.S)
    assert f'action="{URL}"' in side
    r = _post(c, b, s, _foer_siste_endring(s))
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.tekst == "Vi skal **lytte** til innbyggjarane." and "<strong>lytte</strong>" in s.html
    # a new entry, saying what was restored; the old ones are kept
    siste = s.history.order_by("-history_date", "-history_id").first()
    assert siste.history_user.email.startswith("test") or siste.history_user.namn.startswith("Test")
    assert s.history.count() == 3
    side = c.get(b.get_absolute_url()).content.decode()
    assert "vart henta fram att frå" in side or "restored from" in side


def test_a_change_made_meanwhile_is_not_overwritten(brev, client_as):
    b, s = brev
    gammal_versjon = b.versjon
    kd_endring = tenester.lagre_tekst(
        b, b.versjon, {s.pk: ("Ein tredje tekst.", False)}, offentleg=False, user=b.sist_endra_av
    )
    assert kd_endring.versjon > gammal_versjon
    r = _post(client_as("administrator"), b, s, _foer_siste_endring(s), versjon=gammal_versjon)
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.tekst == "Ein tredje tekst."


def test_a_record_of_another_letters_section_is_not_found(brev, org, client_as):
    b, s = brev
    sjef = org["brukarar"]["kommunalsjef"]
    anna = tenester.lag_brev(org["einingar"]["oppvekst"], 2026, user=sjef)
    a = anna.seksjonar.order_by("pk").first()
    tenester.lagre_tekst(anna, anna.versjon, {a.pk: ("Anna brev.", False)}, offentleg=False, user=sjef)
    framand = a.history.order_by("-history_id").first()
    r = client_as("administrator").post(
        URL, {"seksjon": a.pk, "historikk": framand.history_id, "versjon": b.versjon}
    )
    assert r.status_code == 404
    assert Brevseksjon.objects.get(pk=s.pk).tekst == "Vi skal gjere som vi vil."


@pytest.mark.parametrize(
    "rolle,status",
    [
        ("anonymous", 302),
        ("kommunedirektor", 403),
        ("medarbeidar", 404),
        ("politikar", 404),
        ("administrator", 302),
    ],
)
def test_tilgang(brev, client_as, rolle, status):
    b, s = brev
    c = client_as(rolle)
    assert c.get(URL).status_code == 405
    r = _post(c, b, s, _foer_siste_endring(s))
    assert r.status_code == status
    s.refresh_from_db()
    venta = (
        "Vi skal **lytte** til innbyggjarane." if rolle == "administrator" else "Vi skal gjere som vi vil."
    )
    assert s.tekst == venta
    # the button is shown only to those it works for
    if rolle in ("kommunedirektor", "administrator"):
        side = c.get(b.get_absolute_url()).content.decode()
        assert (f'action="{URL}"' in side) is (rolle == "administrator")
