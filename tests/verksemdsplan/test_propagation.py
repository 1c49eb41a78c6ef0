import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from alver.models import Varsel
from budget import services as budget_services
from budget.signals import saker_gir_oppdrag
from verksemdsplan import services
from verksemdsplan.models import Oppdrag

from .conftest import registrer


def test_one_oppdrag_per_decision_owned_by_the_head_of_sector(
    org, client_as, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mote = registrer(
            org,
            ("PS 1/2026", "Skulebruksplan", "oppvekst", "vedtak"),
            ("PS 2/2026", "Ope bibliotek", "oppvekst", "tilleggsbestilling"),
        )
    o1, o2 = (Oppdrag.objects.get(kjelde_vedtak=v) for v in mote.vedtak.order_by("saksnummer"))
    assert o1.owner == org["brukarar"]["kommunalsjef"] and o1.eining == org["einingar"]["oppvekst"]
    assert (o1.kategori.kode, o2.kategori.kode) == ("politisk_vedtak", "tilleggsbestilling")
    assert o1.aar == 2026 and o1.verksemdsplan.eining == org["einingar"]["oppvekst"]
    # the new owner is told once for the meeting, and nobody else: one notification saying how
    # many, whose mail links to the oppdrag list filtered to their own, which lists them both
    sjef = org["brukarar"]["kommunalsjef"]
    (varsel,) = Varsel.objects.all()
    assert (varsel.mottakar, varsel.kind) == (sjef, "nytt_oppdrag")
    assert [m.to for m in mail.outbox] == [[sjef.email]]
    lenkje = f"{settings.ALVER_URL}/oppdrag/?eigar=meg&aar=2026"
    assert "2 " in mail.outbox[0].subject and lenkje in mail.outbox[0].body
    side = client_as("kommunalsjef").get(lenkje.removeprefix(settings.ALVER_URL)).content.decode()
    assert "Skulebruksplan" in side and "Ope bibliotek" in side


def test_propagation_is_idempotent_and_guarded_by_the_database(org):
    mote = registrer(org, ("PS 1/2026", "Skulebruksplan", "oppvekst", "vedtak"))
    v = mote.vedtak.get()
    saker_gir_oppdrag.send(sender=type(v), vedtak=[v], user=None)  # a rerun or retried task
    services.lag_oppdrag_fra_saker([v])
    assert Oppdrag.objects.filter(kjelde_vedtak=v).count() == 1
    o = Oppdrag.objects.get(kjelde_vedtak=v)
    with pytest.raises(IntegrityError), transaction.atomic():
        Oppdrag.objects.create(
            verksemdsplan=o.verksemdsplan,
            aar=o.aar,
            tittel="dobbel",
            kategori=o.kategori,
            eining=o.eining,
            kjelde_vedtak=v,
        )


def test_a_sector_without_leader_gives_an_oppdrag_without_owner_listed_for_the_kommunedirektor(
    org, client_as
):
    helse = org["einingar"]["helse"]
    helse.leiar = None
    helse.save()
    mote = registrer(org, ("PS 3/2026", "Fleire sjukeheimsplassar", "helse", "vedtak"))
    o = Oppdrag.objects.get(kjelde_vedtak=mote.vedtak.get())
    assert o.owner is None
    html = client_as("kommunedirektor").get("/mi-side/").content.decode()
    assert "Oppdrag utan eigar" in html and "Fleire sjukeheimsplassar" in html


def test_editing_a_decision_updates_its_oppdrag_and_withdrawing_cancels_it(org, oppdrag):
    v = oppdrag.kjelde_vedtak
    v.tittel = "Tryggare skulevegar"
    budget_services.endre_vedtak(v, v.versjon, user=org["brukarar"]["sekretariat"])
    oppdrag.refresh_from_db()
    assert oppdrag.tittel == "Tryggare skulevegar"
    budget_services.trekk_vedtak(v, user=org["brukarar"]["sekretariat"], grunn="Oppheva i PS 9/2026")
    oppdrag.refresh_from_db()
    assert (oppdrag.status, oppdrag.status_kommentar) == (Oppdrag.Status.AVBROTE, "Oppheva i PS 9/2026")


def test_a_failing_case_saves_nothing_of_the_meeting(org):
    from budget.models import Mote
    from budget.services import Sakfeil

    with pytest.raises(Sakfeil, match="PS 1/2026"):
        registrer(org, ("PS 1/2026", "A", "oppvekst", "vedtak"), ("PS 01/26", "B", "oppvekst", "vedtak"))
    assert not Mote.objects.exists() and not Oppdrag.objects.exists()
