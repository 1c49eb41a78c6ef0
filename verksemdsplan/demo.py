"""Oppdrag in the demo kommune: deadlines, statuses, goal links and delegation chains on top
of the oppdrag the decisions made. Built once; a second run changes nothing."""

import datetime

from alver.models import User
from plans.models import Maal

from . import grunndata, services
from .models import Kategori, Oppdrag, Tema


def bygg(stdout=None, **_):
    grunndata.last_inn(Kategori, Tema)
    if Oppdrag.objects.filter(parent__isnull=False).exists():
        return
    statusar = [
        Oppdrag.Status.I_GANG,
        Oppdrag.Status.IKKJE_STARTA,
        Oppdrag.Status.FORSEINKA,
        Oppdrag.Status.FULLFORT,
    ]
    maal = list(Maal.objects.til_kopling().filter(parent__isnull=True)[:5])
    tema = list(Tema.objects.all())
    for i, o in enumerate(Oppdrag.objects.filter(parent__isnull=True).select_related("owner").order_by("pk")):
        o.frist = datetime.date(2026, 3 + i % 9, 28 if i % 2 else 15)
        o.status = statusar[i % len(statusar)]
        o.status_kommentar = "Venter på avklaring av økonomi." if o.status == Oppdrag.Status.FORSEINKA else ""
        o.tema = tema[1 + i % (len(tema) - 1)]
        o._change_reason = "Demo"
        o.save()
        if maal and i % 3:  # every third is left without a goal link, for the owner to link
            o.maal.set([maal[i % len(maal)]])
    # the kommunalsjef for oppvekst delegates to the tenesteleiar for skule, who delegates on
    skule_leiar = User.objects.get(email="tenesteleiar.skule@alver.example")
    for o in Oppdrag.objects.filter(owner__email="kommunalsjef.oppvekst@alver.example", parent__isnull=True):
        barn = services.deleger(
            o, til=skule_leiar, frist=o.frist, notat="Ta dette med i verksemdsplanen.", user=o.owner
        )
        knarvik = User.objects.get(email="medarbeidar@alver.example")
        services.deleger(
            barn, til=knarvik, frist=o.frist, notat="Kan du følgje opp på Knarvik?", user=skule_leiar
        )
    if stdout:
        stdout.write(
            f"Oppdrag: {Oppdrag.objects.count()} oppdrag, {Oppdrag.objects.filter(parent__isnull=False).count()}"
            " av dei delegerte."
        )
