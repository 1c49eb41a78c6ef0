"""The start page after login: Mi side."""

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.shortcuts import redirect, render

from alver import permissions
from alver.lib import klokke
from alver.models import Varsel
from alver.permissions import Rolle
from checklists import panelar as sjekkliste_panelar
from verksemdsplan import indikatorar as vp_indikatorar
from verksemdsplan import panelar as oppdrag_panelar
from verksemdsplan import permissions as oppdrag_tilgang
from verksemdsplan.models import Oppdrag

from .. import permissions as rapport_tilgang
from .. import services as tenester
from ..models import Periode

GRENSE = 10  # each list on Mi side shows this many and links to the full, filtered list


@login_required
def start(request):
    """The start page after login is Mi side (the seed puts it in the reporting module)."""
    return redirect("reporting:mi_side")


def _liste(qs):
    """A bounded list and its full size, in two queries however much there is."""
    return {"rader": list(qs[:GRENSE]), "tal": qs.count()}


@login_required
def mi_side(request):
    user = request.user
    ctx = {
        "roller": permissions.roller_i_rekkjefolgje(user),
        "leiar_for": permissions.leia_einingar(user).order_by("path"),
        # my unread notifications, newest first (everyone has them, also those without oppdrag)
        "varsel": _liste(
            Varsel.objects.filter(mottakar=user, lest_at__isnull=True).order_by("-created_at", "-pk")
        ),
    }
    if oppdrag_tilgang.kan_lese(user):
        i_dag = klokke.i_dag()
        mine = Oppdrag.objects.aktive().opne().filter(owner=user).select_related("eining", "kategori")
        ctx |= {
            "i_dag": i_dag,
            # a new leader's takeovers waiting for them (verksemdsplan renders them)
            "leiarskifte": oppdrag_panelar.leiarskifte_blokk(request),
            # the checklist points the units I lead have to answer this month
            "sjekkliste": sjekkliste_panelar.mi_side_blokk(request),
            # the prioritised indicators I follow up, whose values I enter
            "indikatorar_mine": (
                vp_indikatorar.mine(user, i_dag.year).count()
                if rapport_tilgang.kan_lese_indikatorverdiar(user)
                else 0
            ),
            # new assignments have no deadline yet: they come first, to be given one
            "nye": _liste(
                mine.filter(created_at__gte=klokke.no() - datetime.timedelta(days=14)).order_by(
                    "-created_at", "-pk"
                )
            ),
            "mine": _liste(mine.order_by(F("frist").asc(nulls_first=True), "-pk")),
            "over_fristen": _liste(mine.filter(frist__lt=i_dag).order_by("frist", "pk")),
            "snart": _liste(
                mine.filter(frist__gte=i_dag, frist__lte=i_dag + datetime.timedelta(days=30)).order_by(
                    "frist", "pk"
                )
            ),
            "utan_kopling": _liste(mine.utan_kopling().order_by("frist", "pk")),
            "delegert": _liste(
                Oppdrag.objects.aktive()
                .filter(parent__owner=user)
                .select_related("owner", "parent")
                .order_by("status", "frist", "pk")
            ),
        }
        # what I must report in the open periods due next (my own oppdrag not yet reported)
        tenester.sikre_periodar()
        opne = [
            p
            for p in Periode.objects.opne(i_dag).filter(frist__gte=i_dag).order_by("frist")[:3]
            if tenester.laast_av(p) is None
        ]
        ctx["aa_rapportere"] = [
            (p, tenester.oppdrag_i_perioden(p).filter(owner=user).exclude(statusrapportar__periode=p).count())
            for p in opne
        ]
        # freshness: what has gone two periods without a report, mine and in the units I lead
        ctx["ikkje_rapportert"] = _liste(tenester.utan_rapport_to_periodar(mine).order_by("frist", "pk"))
        ctx["ikkje_rapportert_einingar"] = _liste(
            tenester.utan_rapport_to_periodar(
                Oppdrag.objects.aktive().opne().filter(permissions.i_leia_einingar(user, "eining"))
            )
            .exclude(owner=user)
            .select_related("owner", "eining")
            .order_by("eining__path", "frist", "pk")
        )
        if permissions.har_rolle(user, Rolle.KOMMUNEDIREKTOR, Rolle.KOMMUNALSJEF):
            # the leaders who quality-assure the thread see what lacks a goal link in their units
            ctx["utan_kopling_einingar"] = _liste(
                Oppdrag.objects.aktive()
                .opne()
                .utan_kopling()
                .filter(permissions.i_leia_einingar(user, "eining"), parent__isnull=True)
                .select_related("owner")
                .order_by(F("frist").asc(nulls_first=True), "pk")
            )
            ctx["mine_einingar"] = permissions.leia_einingar(user).order_by("depth").first()
        if permissions.har_rolle(user, Rolle.KOMMUNEDIREKTOR, Rolle.ADMINISTRATOR):
            ctx["utan_eigar"] = _liste(
                Oppdrag.objects.aktive()
                .opne()
                .filter(owner__isnull=True)
                .select_related("eining")
                .order_by("frist", "pk")
            )
    return render(request, "reporting/mi_side.html", ctx)
