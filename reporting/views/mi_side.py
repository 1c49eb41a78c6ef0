"""The start page after login: Mi side. What comes first follows the reader's roles; the blocks
are gathered in `reporting.startside`, and a block with nothing in it is left out."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from alver import permissions
from alver.lib import klokke
from alver.models import Varsel
from alver.permissions import Rolle
from budget import permissions as budget_tilgang
from checklists import panelar as sjekkliste_panelar
from verksemdsplan import indikatorar as vp_indikatorar
from verksemdsplan import panelar as oppdrag_panelar
from verksemdsplan import permissions as oppdrag_tilgang

from .. import permissions as rapport_tilgang
from .. import startside


@login_required
def start(request):
    """The start page after login is Mi side (the seed puts it in the reporting module)."""
    return redirect("reporting:mi_side")


@login_required
def mi_side(request):
    user = request.user
    i_dag = klokke.i_dag()
    seksjonar = startside.seksjonar(user)
    ctx = {
        "i_dag": i_dag,
        "seksjonar": seksjonar,
        "roller": permissions.roller_i_rekkjefolgje(user),
        "leiar_for": permissions.leia(user),
        # my unread notifications, the last made first (everyone has them, also those without
        # oppdrag); by id, so one made now comes first even beside the demo's stamped ones
        "varsel": startside.liste(
            Varsel.objects.filter(mottakar=user, lest_at__isnull=True).order_by("-pk"),
            grense=startside.VARSEL,
        ),
    }
    user._alver_uleste = ctx["varsel"]["tal"]  # the header's count is the same: not asked again
    if permissions.er_tilsett(user):
        # the periods first: a year's are made on its first need, and that change would make
        # what this view keeps until the next change stale as soon as it was stored
        startside.kalender(user, i_dag)
        ctx |= {
            "aa_rapportere": startside.aa_rapportere(user, i_dag),
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
            **startside.oppdrag_lister(user, i_dag),
            "mi_eining": startside.mi_eining(user, i_dag),
        }
    if startside.KOMMUNEN in seksjonar:
        ctx |= startside.kommunen(user, i_dag)
    if startside.GODKJENNING in seksjonar:
        ctx["til_godkjenning"] = oppdrag_tilgang.til_godkjenning(user)
    if startside.LEIAR in seksjonar and not permissions.har_rolle(user, Rolle.KOMMUNEDIREKTOR):
        # the kommunedirektør has the same per sector in the overview
        ctx["avvik_i_einingane"] = startside.avvik_i_einingane(user, i_dag)
    if startside.SEKRETARIAT in seksjonar or startside.POLITIKAR in seksjonar:
        ctx["neste_moete"] = startside.neste_moete(i_dag)
    if startside.SEKRETARIAT in seksjonar:
        ctx |= {
            "moete_utan_saker": startside.moete_utan_saker(i_dag),
            "oppfolging_med_frist": startside.oppfolging_med_frist(user, i_dag),
            "kan_registrere_vedtak": budget_tilgang.kan_registrere_vedtak(user),
        }
    if startside.OKONOMI in seksjonar:
        ctx |= {
            "okonomiplan": startside.okonomiplan_neste(user, i_dag),
            "rekneskapsimport": startside.rekneskapsimport(user, i_dag),
            "reglar": startside.reglar(),
        }
    if startside.HR in seksjonar:
        ctx |= {
            "sjekklister": startside.sjekklister(user, i_dag),
            "organisasjon": startside.organisasjon(user),
        }
    if startside.POLITIKAR in seksjonar:
        ctx |= {
            "oppfolging_per_status": startside.oppfolging_per_status(i_dag),
            "frigjevne_rapportar": startside.frigjevne_rapportar(user),
        }
    return render(request, "reporting/mi_side.html", ctx)
