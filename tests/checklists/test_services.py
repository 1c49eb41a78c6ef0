"""The checklist's rules as its services keep them: the two levels and versioning after
publishing, who answers what and when, comments, the improvement oppdrag, closed periods,
conflicts and double submits."""

import datetime

import pytest

from alver.lib.samtidig import Konflikt
from checklists import plikt, services
from checklists.models import Sjekkpunkt, Svar
from verksemdsplan.models import Oppdrag


def _rad(punkt, periode, verdi, kommentar="", versjon=0, oppdrag=False):
    return {
        "punkt": punkt,
        "periode": periode,
        "verdi": verdi,
        "kommentar": kommentar,
        "versjon": versjon,
        "oppdrag": oppdrag,
    }


def test_who_answers_which_point(org, sjekkliste):
    e, p = org["einingar"], sjekkliste["punkt"]
    assert plikt.gjeld(p["samtale"], e["lindaas"]) and plikt.gjeld(p["samtale"], e["oppvekst"])
    assert not plikt.gjeld(p["samtale"], e["kommune"])  # the kommunedirektør follows up, she does not answer
    assert plikt.gjeld(p["oppvekst"], e["knarvik"]) and not plikt.gjeld(p["oppvekst"], e["lindaas"])


def test_the_period_and_deadline_follow_the_points_frequency(sjekkliste):
    p = sjekkliste["punkt"]
    nov = datetime.date(2026, 11, 5)
    assert plikt.periode(p["samtale"], nov) == "2026-m11"
    assert plikt.frist(p["samtale"], "2026-m11") == datetime.date(2026, 12, 10)
    assert plikt.periode(p["vernerunde"], datetime.date(2026, 3, 1)) == "2026-t1"
    assert plikt.periode(p["vernerunde"], nov) == "2026-aar"  # the last third, as the annual report
    assert plikt.frist(p["vernerunde"], "2026-aar") == datetime.date(2027, 1, 31)
    assert plikt.periode(p["grunnopplaering"], nov) == "2026-aar"


def test_answers_are_saved_together_and_nei_needs_a_comment(org, sjekkliste):
    leiar, skule = org["brukarar"]["tenesteleiar"], org["einingar"]["skule"]
    p = sjekkliste["punkt"]
    with pytest.raises(services.Ugyldig) as feil:
        services.lagre_svar(
            skule,
            [_rad(p["samtale"], "2026-m11", "ja"), _rad(p["vernerunde"], "2026-aar", "nei")],
            user=leiar,
        )
    assert 1 in feil.value.feil
    assert not Svar.objects.exists()  # nothing half-saved
    lagra = services.lagre_svar(
        skule,
        [
            _rad(p["samtale"], "2026-m11", "ja"),
            _rad(p["vernerunde"], "2026-aar", "delvis", "Berre i eine bygget"),
        ],
        user=leiar,
    )
    assert [s.verdi for s in lagra] == ["ja", "delvis"]
    svar = Svar.objects.get(punkt=p["vernerunde"])
    assert svar.svart_av == leiar and leiar.namn in svar.history.first().history_change_reason


def test_a_closed_period_and_a_point_that_does_not_apply_are_refused(org, sjekkliste):
    leiar, p = org["brukarar"]["tenesteleiar"], sjekkliste["punkt"]
    with pytest.raises(services.Ugyldig):
        services.lagre_svar(org["einingar"]["skule"], [_rad(p["samtale"], "2026-m10", "ja")], user=leiar)
    with pytest.raises(services.Ugyldig):
        services.lagre_svar(org["einingar"]["helse"], [_rad(p["oppvekst"], "2026-m11", "ja")], user=leiar)


def test_a_double_submit_stores_once_and_a_stale_form_is_a_conflict(org, sjekkliste):
    leiar, skule, p = org["brukarar"]["tenesteleiar"], org["einingar"]["skule"], sjekkliste["punkt"]
    rad = _rad(p["samtale"], "2026-m11", "nei", "Ikkje tid")
    services.lagre_svar(skule, [rad], user=leiar)
    services.lagre_svar(skule, [rad], user=leiar)  # the same form again
    svar = Svar.objects.get()
    assert svar.versjon == 1 and svar.history.count() == 1
    with pytest.raises(Konflikt):
        services.lagre_svar(
            skule, [_rad(p["samtale"], "2026-m11", "ja")], user=org["brukarar"]["kommunalsjef"]
        )
    assert Svar.objects.get().verdi == "nei"


def test_a_nei_raises_an_improvement_oppdrag_owned_by_the_answering_leader(org, sjekkliste):
    leiar, skule, p = org["brukarar"]["tenesteleiar"], org["einingar"]["skule"], sjekkliste["punkt"]
    services.lagre_svar(skule, [_rad(p["samtale"], "2026-m11", "nei", "Ikkje tid", oppdrag=True)], user=leiar)
    svar = Svar.objects.get()
    o = Oppdrag.objects.get(pk=svar.oppdrag_id)
    assert o.owner == leiar and o.eining == skule and o.kategori.kode == "internkontroll"
    assert p["samtale"].sporsmaal in o.tittel and "Ikkje tid" in o.skildring
    services.lagre_svar(
        skule,
        [_rad(p["samtale"], "2026-m11", "nei", "Ikkje tid", versjon=svar.versjon, oppdrag=True)],
        user=leiar,
    )
    assert Oppdrag.objects.filter(kategori__kode="internkontroll").count() == 1  # raised once


def test_changing_a_published_point_makes_a_new_version_and_keeps_old_answers(org, sjekkliste, klokke):
    hr, leiar, skule, p = (
        org["brukarar"]["hr"],
        org["brukarar"]["tenesteleiar"],
        org["einingar"]["skule"],
        sjekkliste["punkt"],
    )
    klokke.sett(datetime.date(2026, 11, 5))
    services.lagre_svar(skule, [_rad(p["samtale"], "2026-m10", "ja")], user=leiar)
    klokke.sett(datetime.date(2026, 11, 30))
    ny = services.endre_punkt(
        p["samtale"],
        p["samtale"].versjon,
        user=hr,
        sporsmaal="Er det gjennomført leiarsamtale?",
        rettleiing="",
        heimel="",
        frekvens="maanad",
        dato=None,
        gjeld="alle",
        sektor=None,
        einingstype="",
    )
    gammal = Sjekkpunkt.objects.get(pk=p["samtale"].pk)
    assert ny.forrige == gammal and gammal.sporsmaal.endswith("underordna leiar?")
    assert gammal.gyldig_til == datetime.date(2026, 11, 29) and ny.gyldig_fra == datetime.date(2026, 11, 30)
    assert Svar.objects.get().punkt == gammal  # the October answer keeps the wording it answered
    assert plikt.i_kraft(gammal, "2026-m10") and not plikt.i_kraft(gammal, "2026-m11")
    assert plikt.i_kraft(ny, "2026-m11")
    sjekkliste["liste"].refresh_from_db()
    assert sjekkliste["liste"].utgaave == 2


def test_copying_last_year_makes_a_draft_with_the_same_points(org, sjekkliste):
    hr = org["brukarar"]["hr"]
    ny = services.lag_sjekkliste(2027, user=hr, kopier_fra=sjekkliste["liste"])
    assert ny.status == "utkast" and ny.kopiert_fra == sjekkliste["liste"]
    assert sorted(
        Sjekkpunkt.objects.filter(sjekktype__foremaal__sjekkliste=ny).values_list("sporsmaal", flat=True)
    ) == sorted(p.sporsmaal for p in sjekkliste["punkt"].values())
    assert (
        Sjekkpunkt.objects.get(sjekktype__foremaal__sjekkliste=ny, gjeld="sektor").sektor
        == org["einingar"]["oppvekst"]
    )
    assert services.lag_sjekkliste(2027, user=hr) == ny  # one per year
