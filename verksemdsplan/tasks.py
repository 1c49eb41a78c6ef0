import logging

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.template.loader import render_to_string
from django.utils import translation

from alver.lib.epost import send_epost
from alver.lib.profil import kommune_namn
from alver.models import User

from .models import Oppdrag

log = logging.getLogger(__name__)


@shared_task(autoretry_for=(OperationalError,), max_retries=3)
def varsle_ny_eigar(oppdrag_pk, owner_pk):
    """E-mail the new owner of an oppdrag, in their language. Primary keys in, so a retry is safe."""
    oppdrag = Oppdrag.objects.select_related("eining").filter(pk=oppdrag_pk).first()
    owner = User.objects.filter(pk=owner_pk, is_active=True).first()
    if oppdrag is None or owner is None or oppdrag.owner_id != owner.pk:
        return  # changed hands again before the mail went: only the current owner hears of it
    with translation.override(owner.spraak or settings.LANGUAGE_CODE):
        tekst = render_to_string(
            "verksemdsplan/epost_ny_eigar.txt",
            {"o": oppdrag, "owner": owner, "KOMMUNE_NAMN": kommune_namn()},
        )
        emne, _, kropp = tekst.strip().partition("\n")
    send_epost([owner.email], emne.strip(), kropp.strip())


@shared_task(autoretry_for=(OperationalError,), max_retries=3)
def varsle_nye_oppdrag(owner_pk, oppdrag_pks):
    """One e-mail for the oppdrag an adoption gave this owner (not one per oppdrag)."""
    owner = User.objects.filter(pk=owner_pk, is_active=True).first()
    if owner is None:
        return
    oppdrag = list(
        Oppdrag.objects.filter(pk__in=oppdrag_pks, owner=owner)
        .select_related("eining")
        .order_by("tittel")[:1000]
    )
    if not oppdrag:
        return
    if len(oppdrag) == 1:
        return varsle_ny_eigar(oppdrag[0].pk, owner_pk)
    with translation.override(owner.spraak or settings.LANGUAGE_CODE):
        tekst = render_to_string(
            "verksemdsplan/epost_nye_oppdrag.txt",
            {
                "oppdrag": oppdrag[:30],
                "tal": len(oppdrag),
                "resten": len(oppdrag) - 30,
                "owner": owner,
                "KOMMUNE_NAMN": kommune_namn(),
            },
        )
        emne, _, kropp = tekst.strip().partition("\n")
    send_epost([owner.email], emne.strip(), kropp.strip())


@shared_task
def varsle_eigarskifte(oppdrag_pk, gammal_pk, ny_pk):
    """An oppdrag moved to another owner: the new owner hears it is theirs, the old one where it
    went. A mail server that is down is logged, never an error for the change already saved."""
    try:
        varsle_ny_eigar(oppdrag_pk, ny_pk)
    except Exception:
        log.exception("Could not e-mail the new owner of oppdrag %s", oppdrag_pk)
    oppdrag = Oppdrag.objects.select_related("eining", "owner").filter(pk=oppdrag_pk).first()
    gammal = User.objects.filter(pk=gammal_pk, is_active=True).first() if gammal_pk else None
    if oppdrag is None or gammal is None or oppdrag.owner_id == gammal.pk:
        return
    try:
        with translation.override(gammal.spraak or settings.LANGUAGE_CODE):
            tekst = render_to_string(
                "verksemdsplan/epost_eigarskifte.txt",
                {"o": oppdrag, "gammal": gammal, "KOMMUNE_NAMN": kommune_namn()},
            )
            emne, _, kropp = tekst.strip().partition("\n")
        send_epost([gammal.email], emne.strip(), kropp.strip())
    except Exception:
        log.exception("Could not e-mail the previous owner of oppdrag %s", oppdrag_pk)


@shared_task(autoretry_for=(OperationalError,), max_retries=3)
def lag_brev_pdf(versjon_pk):
    """Lay out a newly published letter's PDFs ahead of the first reader. Only a head start:
    a reader whose PDF is not made yet gets it made then, so a failure here is logged and
    never turns publishing into an error."""
    from . import brev
    from .models import Brevversjon

    v = Brevversjon.objects.select_related("brev__eining").filter(pk=versjon_pk).first()
    if v is None:
        return
    try:
        brev.versjon_pdf(v, offentleg=False)
        if v.offentleg:
            brev.versjon_pdf(v, offentleg=True)
    except Exception:
        log.exception("Could not lay out the PDF of %s ahead of time", v)
