import datetime

import pytest

from budget import services as budget_services
from budget.models import Organ
from verksemdsplan.models import Oppdrag


def registrer(org, *saker, user=None):
    """A meeting in kommunestyret with the given cases: (case number, title, sector key, kind)."""
    mote, _ny = budget_services.registrer_mote(
        organ=Organ.objects.get(namn="Kommunestyret"),
        dato=datetime.date(2026, 2, 12),
        user=user or org["brukarar"]["sekretariat"],
        saker=[
            {
                "saksnummer": nr,
                "tittel": tittel,
                "tekst": f"Vedtak: {tittel}",
                "type": kind,
                "ansvarleg_sektor": org["einingar"][sektor],
            }
            for nr, tittel, sektor, kind in saker
        ],
    )
    return mote


@pytest.fixture
def oppdrag(org, django_capture_on_commit_callbacks):
    """One decision for Oppvekst, made into an oppdrag owned by its kommunalsjef."""
    with django_capture_on_commit_callbacks(execute=True):
        mote = registrer(org, ("PS 1/2026", "Betre skulevegar", "oppvekst", "vedtak"))
    o = Oppdrag.objects.get(kjelde_vedtak=mote.vedtak.get())
    o.frist = datetime.date(2026, 12, 1)
    o.save()
    return o


def publiser_brev(b):
    """Send, approve and publish a letter the way the four-eyes rule allows: its last editor
    sends it (naming the first possible approver for the top letter), someone else approves,
    and the kommunedirektør publishes."""
    from alver.models import Eining
    from verksemdsplan import brev as tenester

    b.refresh_from_db()
    skrivar = b.sist_endra_av
    tomme = set(tenester.tomme_paakravde(b))
    if tomme:  # a required section is written before sending: publishing would be refused
        tenester.lagre_tekst(
            b,
            b.versjon,
            {s.pk: ("Tekst.", s.med_underordna) for s in b.seksjonar.all() if str(s.tema) in tomme},
            offentleg=b.offentleg,
            user=skrivar,
        )
        b.refresh_from_db()
    if b.eining.depth == 1:
        godkjennar = tenester.godkjennar_kandidatar(b, skrivar).first()
        tenester.steg(b, "send", user=skrivar, godkjennar=godkjennar)
    else:
        tenester.steg(b, "send", user=skrivar)
        godkjennar = tenester.naermaste_godkjennar(b)
    tenester.steg(b, "godkjenn", user=godkjennar)
    tenester.steg(b, "publiser", user=Eining.objects.get_root_nodes().get().leiar)
    b.refresh_from_db()
    return b
