"""Writes for reporting: generating periods, status reports, and deviation mode."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from verksemdsplan.models import Oppdrag

from .models import Frekvens, Periode, Regel, Statusrapport


class Rapportfeil(Exception):
    """The report cannot be saved; the message says why in the user's language."""


def _siste_dag(aar, maanad):
    return (datetime.date(aar + maanad // 12, maanad % 12 + 1, 1)) - datetime.timedelta(days=1)


@transaction.atomic
def generer_periodar(aar):
    """The year's months, two tertials and the annual report, with deadlines: the 10th of the
    month after (tertials: 31 May and 30 September; the annual report: 31 January after).
    Idempotent: periods already there are left as they are."""
    finst = set(Periode.objects.filter(aar=aar).values_list("type", "nummer"))
    nye = [
        Periode(
            aar=aar,
            type=Frekvens.MAANAD,
            nummer=m,
            fra=datetime.date(aar, m, 1),
            til=_siste_dag(aar, m),
            frist=_siste_dag(aar, m) + datetime.timedelta(days=10),
        )
        for m in range(1, 13)
    ]
    nye += [
        Periode(
            aar=aar,
            type=Frekvens.TERTIAL,
            nummer=1,
            fra=datetime.date(aar, 1, 1),
            til=datetime.date(aar, 4, 30),
            frist=datetime.date(aar, 5, 31),
        ),
        Periode(
            aar=aar,
            type=Frekvens.TERTIAL,
            nummer=2,
            fra=datetime.date(aar, 5, 1),
            til=datetime.date(aar, 8, 31),
            frist=datetime.date(aar, 9, 30),
        ),
        Periode(
            aar=aar,
            type=Frekvens.AAR,
            nummer=1,
            fra=datetime.date(aar, 1, 1),
            til=datetime.date(aar, 12, 31),
            frist=datetime.date(aar + 1, 1, 31),
        ),
    ]
    nye = [p for p in nye if (p.type, p.nummer) not in finst]
    bulk_create_with_history(nye, Periode, default_change_reason=_("Generated"))
    return len(nye)


def oppdrag_i_perioden(periode):
    """The oppdrag to report in the period: open in it (of its year), of a category whose rule
    asks for this frequency — monthly when no rule is set. Annual reports cover them all."""
    qs = Oppdrag.objects.aktive().filter(aar=periode.aar).exclude(status=Oppdrag.Status.AVBROTE)
    if periode.type == Frekvens.AAR:
        return qs
    reglar = dict(Regel.objects.values_list("kategori_id", "frekvens"))
    med = [k for k, f in reglar.items() if f == periode.type]
    utan_regel = Q(kategori__regel__isnull=True) if periode.type == Frekvens.MAANAD else Q(pk__in=[])
    return qs.filter(Q(kategori__in=med) | utan_regel)


@transaction.atomic
def rapporter(oppdrag, periode, *, status, lys, kommentar, framdrift, user):
    if not periode.open:
        raise Rapportfeil(_("The period is closed for reporting."))
    if lys in Statusrapport.KREV_KOMMENTAR and not kommentar.strip():
        raise Rapportfeil(_("Write a comment when the light is yellow or red."))
    rapport, _laga = Statusrapport.objects.update_or_create(
        oppdrag=oppdrag,
        periode=periode,
        defaults={
            "status": status,
            "lys": lys,
            "kommentar": kommentar.strip(),
            "framdrift": framdrift,
            "rapportert_av": user,
            "rapportert_at": timezone.now(),
        },
    )
    return rapport


@transaction.atomic
def alt_anna_i_rute(periode, oppdrag, *, user):
    """Deviation mode: every listed oppdrag not yet reported is confirmed on track (green) in
    one action, so the leader writes only about those that deviate. Returns how many."""
    if not periode.open:
        raise Rapportfeil(_("The period is closed for reporting."))
    rapporterte = set(
        Statusrapport.objects.filter(periode=periode, oppdrag__in=oppdrag).values_list(
            "oppdrag_id", flat=True
        )
    )
    nye = [
        Statusrapport(
            oppdrag_id=pk,
            periode=periode,
            status=Statusrapport.Status.I_RUTE,
            lys=Statusrapport.Lys.GRON,
            rapportert_av=user,
            rapportert_at=timezone.now(),
        )
        for pk in oppdrag.values_list("pk", flat=True)
        if pk not in rapporterte
    ]
    bulk_create_with_history(nye, Statusrapport, batch_size=1000, default_change_reason=_("No deviation"))
    return len(nye)
