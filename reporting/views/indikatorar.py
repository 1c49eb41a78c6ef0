"""Indicator values: the user's indicators, entering a value for a period, and the XLSX
template and import (preview, then apply: all or nothing)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from alver.lib import klokke, periodar
from alver.lib.importering import Importfeil
from alver.lib.samtidig import Konflikt, vis_konflikt
from alver.models import Eining
from plans.models import Indikator

from .. import indikatorar, indikatorxlsx
from .. import permissions as rapport_tilgang
from .. import services as tenester
from ..forms import IndikatorimportForm, IndikatorverdiForm
from ..models import Indikatorverdi


def _lenkje(indikator, eining, kode=""):
    url = reverse("reporting:indikatorverdi", args=[indikator.pk])
    par = [f"eining={eining.kode}"] if eining else []
    if kode:
        par.append(f"periode={kode}")
    return f"{url}?{'&'.join(par)}" if par else url


def _opne_for(indikator, opne):
    """The indicator's periods open now, oldest first."""
    aar = klokke.i_dag().year
    koder = [k for a in (aar - 1, aar) for k in indikatorar.periodar_for(indikator, a)]
    return [opne[k] for k in koder if k in opne]


@login_required
def mine(request):
    """The indicators this user enters values for, with the latest value and its light."""
    if not rapport_tilgang.kan_lese_indikatorverdiar(request.user):
        raise Http404
    aar = klokke.i_dag().year
    par = rapport_tilgang.registrerbare_indikatorar(request.user, aar)
    verdiar = indikatorar.siste(
        Indikatorverdi.objects.filter(indikator__in={i.pk for i, _e in par}).select_related(
            "indikator", "eining"
        )
    )
    siste = indikatorar.vurder(
        [v for k, v in verdiar.items() if k in {(i.pk, e.pk if e else None) for i, e in par}]
    )
    per_par = {(v.indikator_id, v.eining_id): v for v in siste}
    opne = tenester.opne_periodar_no()
    rader = []
    for i, e in par:
        opne_her = _opne_for(i, opne)
        rader.append(
            {
                "indikator": i,
                "eining": e,
                "siste": per_par.get((i.pk, e.pk if e else None)),
                "opne": opne_her,
                "url": _lenkje(i, e),
            }
        )
    return render(
        request,
        "reporting/indikatorar.html",
        {"rader": rader, "aar": aar, "regel": indikatorar.regeltekst(), "kan_importere": bool(par)},
    )


def _standardperiode(indikator, opne_her):
    """The period a value is entered for unless another is chosen: the one today is in (for a
    tertial indicator in the last four months: the year), else the latest open."""
    if not opne_her:
        return None
    i_dag = klokke.i_dag()
    typ = {"maanad": periodar.MAANAD, "tertial": periodar.TERTIAL}.get(indikator.frekvens, periodar.AAR)
    no = periodar.for_dag(i_dag, typ) or periodar.Kalenderperiode(i_dag.year, periodar.AAR, 1)
    for p in opne_her:
        if p.kode == no.kode:
            return p
    return opne_her[-1]


@login_required
def registrer(request, pk):
    """Enter the indicator's value for a period (`?periode=`) for a unit (`?eining=`, none: the
    municipality), with the light against the target and the rule."""
    if not rapport_tilgang.kan_lese_indikatorverdiar(request.user):
        raise Http404
    ind = get_object_or_404(Indikator.objects.select_related("eigar"), pk=pk)
    kode = request.GET.get("eining", "")
    eining = get_object_or_404(Eining.objects.aktive(), kode=kode) if kode else None
    rapport_tilgang.krev_indikatorregistrering(request.user, ind, eining)
    opne_her = _opne_for(ind, tenester.opne_periodar_no())
    valt = next((p for p in opne_her if p.kode == request.GET.get("periode")), None) or _standardperiode(
        ind, opne_her
    )
    verdiar = indikatorar.vurder(
        Indikatorverdi.objects.filter(indikator=ind, eining=eining)
        .select_related("indikator", "eining", "registrert_av")
        .order_by("-til", "-pk")[:40]
    )
    finst = next((v for v in verdiar if valt and v.periode == valt.kode), None)
    form = None
    if valt is not None:
        form = IndikatorverdiForm(request.POST or None, indikator=ind, finst=finst)
        if request.method == "POST" and form.is_valid():
            try:
                tenester.registrer_indikatorverdi(
                    ind,
                    eining,
                    valt.kode,
                    verdi=form.cleaned_data["verdi"],
                    kommentar=form.cleaned_data["kommentar"],
                    user=request.user,
                    versjon=form.cleaned_data["versjon"] or 0,
                )
            except Konflikt as exc:
                vis_konflikt(form, exc)
            except tenester.Rapportfeil as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Saved: %(ind)s, %(p)s.") % {"ind": ind.namn, "p": valt})
                return redirect(_lenkje(ind, eining, valt.kode))
    elif request.method == "POST":
        raise PermissionDenied
    maal = indikatorar.maal_for({(ind.pk, eining, valt.aar if valt else klokke.i_dag().year)})
    return render(
        request,
        "reporting/indikatorverdi.html",
        {
            "ind": ind,
            "eining": eining,
            "valt": valt,
            "opne": [{"p": p, "url": _lenkje(ind, eining, p.kode), "valt": p == valt} for p in opne_her],
            "form": form,
            "finst": finst,
            "verdiar": verdiar,
            "maal": next(iter(maal.values()), None),
            "regel": indikatorar.regeltekst(),
        },
    )


@login_required
def mal(request):
    """The XLSX template: one row per indicator (and unit) and open period, stored values in."""
    rapport_tilgang.krev_indikatorimport(request.user)
    par = rapport_tilgang.registrerbare_indikatorar(request.user, klokke.i_dag().year)
    if not par:
        raise PermissionDenied
    opne = tenester.opne_periodar_no()
    verdiar = {
        (v.indikator_id, v.eining_id, v.periode): v
        for v in Indikatorverdi.objects.filter(indikator__in={i.pk for i, _e in par}, periode__in=list(opne))
    }
    rader = [
        (i, e, p.kode, verdiar.get((i.pk, e.pk if e else None, p.kode)))
        for i, e in par
        for p in _opne_for(i, opne)
    ]
    svar = HttpResponse(
        indikatorxlsx.skriv(rader),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    svar["Content-Disposition"] = f'attachment; filename="indikatorverdiar-{klokke.i_dag().isoformat()}.xlsx"'
    return svar


IMPORTNOKKEL = "indikatorimport"


@login_required
def importer(request):
    """Upload → preview with every error by row (nothing saved) → apply (POST `bruk`)."""
    rapport_tilgang.krev_indikatorimport(request.user)
    if not rapport_tilgang.registrerbare_indikatorar(request.user, klokke.i_dag().year):
        raise PermissionDenied
    ctx = {"regel": indikatorar.regeltekst()}
    if request.method == "POST" and "bruk" in request.POST:
        lagra = request.session.pop(IMPORTNOKKEL, None)
        if lagra is None:
            messages.error(request, _("The preview has expired. Upload the file again."))
            return redirect("reporting:indikatorimport")
        try:
            nye, endra = tenester.importer_indikatorverdiar(
                lagra["rader"], user=request.user, filnamn=lagra["filnamn"]
            )
        except tenester.Importkonflikt as exc:
            ctx.update(
                form=IndikatorimportForm(), plan=tenester.Indikatorimport(feil=exc.feil), melding=str(exc)
            )
            return render(request, "reporting/indikatorimport.html", ctx)
        messages.success(request, _("Imported: %(n)s new and %(e)s changed values.") % {"n": nye, "e": endra})
        return redirect("reporting:indikatorar")
    form = (
        IndikatorimportForm(request.POST, request.FILES)
        if request.method == "POST"
        else IndikatorimportForm()
    )
    ctx["form"] = form
    if form.is_bound and form.is_valid():
        fil = form.cleaned_data["fil"]
        try:
            rader = tenester.les_indikatorfil(fil.name, fil.read())
        except Importfeil as exc:
            form.add_error("fil", str(exc))
        else:
            plan = tenester.planlegg_indikatorimport(rader, user=request.user, filnamn=fil.name)
            ctx["plan"] = plan
            if not plan.feil and not plan.tom:
                request.session[IMPORTNOKKEL] = {"filnamn": fil.name, "rader": plan.nye + plan.endra}
    return render(request, "reporting/indikatorimport.html", ctx)
