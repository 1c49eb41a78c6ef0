"""Pages for the økonomiplan's indicator targets and planned nøkkeltal (on the sector page),
a unit's actual nøkkeltal, the list of nøkkeltal kinds, and sjukefråvær (review and import)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from alver.lib import klokke
from alver.lib import tal as tal_
from alver.lib.importering import Importfeil
from alver.lib.periodar import MAANADER
from alver.lib.samtidig import Konflikt, vis_konflikt
from alver.models import Eining

from . import indikatormaal as im
from . import nokkeltal as nt
from . import okonomiplan_views, permissions, services
from . import sjukefravaer as sf
from .models import Nokkeltalstype
from .nokkeltal_forms import (
    IndikatormaalForm,
    LeggTilIndikatorForm,
    NokkeltalplanForm,
    NokkeltalstypeForm,
    NokkeltalverdiForm,
    SjukefravaerImportForm,
)

# --- on the økonomiplan's sector page ---------------------------------------------------


def _sektor(request, aar, kode):
    plan = permissions.okonomiplan_for_lesing(request.user, aar)
    eining = get_object_or_404(Eining, kode=kode, type__in=[Eining.Type.SEKTOR, Eining.Type.TENESTEOMRAADE])
    permissions.krev_endring_av_sektorplan(request.user, plan, eining)
    return plan, eining


def _tilbake(aar, kode, anker):
    return redirect(reverse("budget:sektor", args=[aar, kode]) + f"#{anker}")


def _vis_sektor(request, aar, kode, **former):
    return okonomiplan_views.sektor(request, aar, kode, former=former, status=400)


@require_POST
@login_required
def indikatormaal(request, aar, kode):
    plan, eining = _sektor(request, aar, kode)
    rader = im.rader(plan, eining)
    form = IndikatormaalForm(request.POST, plan=plan, rader=rader)
    if form.is_valid():
        try:
            n = services.lagre_indikatormaal(plan, eining, form.celler(), user=request.user)
        except services.Cellekonflikt as exc:
            namn = {r.indikator.pk: r.indikator.namn for r in rader}
            form.vis_konflikt(exc, lambda k: f"{namn[k[0]]} {k[1]}")
        except services.Ugyldig as exc:
            form.vis_ugyldig(exc)
        else:
            messages.success(request, ngettext("%(n)s target saved.", "%(n)s targets saved.", n) % {"n": n})
            return _tilbake(aar, kode, "indikatorar")
    return _vis_sektor(request, aar, kode, maal_form=form)


@require_POST
@login_required
def legg_til_indikator(request, aar, kode):
    plan, eining = _sektor(request, aar, kode)
    form = LeggTilIndikatorForm(request.POST, val=im.kan_leggjast_til(plan, eining, im.rader(plan, eining)))
    if form.is_valid():
        services.legg_til_sektorindikator(plan, eining, form.cleaned_data["indikator"], user=request.user)
        messages.success(request, _("The indicator is added; enter its targets."))
        return _tilbake(aar, kode, "indikatorar")
    return _vis_sektor(request, aar, kode, legg_til_form=form)


@require_POST
@login_required
def nokkeltalplan(request, aar, kode):
    plan, eining = _sektor(request, aar, kode)
    rader = nt.planrader(plan, eining)
    form = NokkeltalplanForm(request.POST, plan=plan, rader=rader)
    if form.is_valid():
        try:
            n = services.lagre_nokkeltalplan(plan, eining, form.celler(), user=request.user)
        except services.Cellekonflikt as exc:
            namn = {(t.pk, e.pk): f"{t.namn}, {e.namn}" for t, e, _c in rader}
            form.vis_konflikt(exc, lambda k: f"{namn[k[:2]]} {k[2]}")
        except services.Ugyldig as exc:
            form.vis_ugyldig(exc)
        else:
            messages.success(
                request, ngettext("%(n)s key figure saved.", "%(n)s key figures saved.", n) % {"n": n}
            )
            return _tilbake(aar, kode, "nokkeltal")
    return _vis_sektor(request, aar, kode, nokkeltal_form=form)


# --- a unit's nøkkeltal -------------------------------------------------------------------


@login_required
def eining_nokkeltal(request, aar, kode):
    if not permissions.kan_lese_nokkeltal(request.user) or not tal_.gyldig_aar(aar):
        raise Http404
    eining = get_object_or_404(Eining, kode=kode)
    kan = permissions.kan_rapportere_nokkeltal(request.user, eining)
    typar = nt.typar_for(eining) if kan else []
    form = None
    if typar:
        form = NokkeltalverdiForm(request.POST or None, typar=typar, finst=nt.verdiar_for(eining, aar))
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                n = services.lagre_nokkeltalverdiar(eining, aar, form.celler(), user=request.user)
            except services.Cellekonflikt as exc:
                namn = {t.pk: t.namn for t in typar}
                form.vis_konflikt(exc, lambda k: namn[k])
            except services.Ugyldig as exc:
                form.vis_ugyldig(exc)
            else:
                messages.success(
                    request, ngettext("%(n)s key figure saved.", "%(n)s key figures saved.", n) % {"n": n}
                )
                return redirect("budget:eining_nokkeltal", aar=aar, kode=kode)
    return render(
        request,
        "budget/eining_nokkeltal.html",
        {"eining": eining, "aar": aar, "rader": nt.for_eining(eining, aar), "form": form},
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )


# --- the kinds of nøkkeltal ---------------------------------------------------------------


@login_required
def nokkeltalstypar(request):
    permissions.krev_nokkeltalstypar(request.user)
    return render(
        request,
        "budget/nokkeltalstypar.html",
        {"typar": Nokkeltalstype.objects.select_related("gjeld_for")},
    )


@login_required
def nokkeltalstype(request, pk=None):
    permissions.krev_nokkeltalstypar(request.user)
    typ = get_object_or_404(Nokkeltalstype, pk=pk) if pk else None
    form = NokkeltalstypeForm(request.POST or None, instance=typ)
    if form.is_bound and form.is_valid():
        try:
            services.lagre_nokkeltalstype(form.instance, form.cleaned_data.get("versjon"), user=request.user)
        except Konflikt as exc:
            vis_konflikt(form, exc)
        else:
            messages.success(request, _("The kind of key figure is saved."))
            return redirect("budget:nokkeltalstypar")
    return render(request, "budget/nokkeltalstype.html", {"form": form, "typ": typ})


# --- sjukefråvær --------------------------------------------------------------------------


def _aar(request):
    return tal_.aar(request.GET.get("aar"), klokke.i_dag().year)


def _maanadsnamn(oversikt):
    return [MAANADER[m - 1] for m in oversikt.maanader]


@login_required
def sjukefravaer(request):
    permissions.krev_sjukefravaer(request.user)
    aar = _aar(request)
    stiar = permissions.sjukefravaer_stiar(request.user)
    oversikt = sf.Oversikt(aar)
    return render(
        request,
        "budget/sjukefravaer.html",
        {
            "aar": aar,
            "aarliste": range(klokke.i_dag().year, klokke.i_dag().year - 5, -1),
            "maanader": _maanadsnamn(oversikt),
            "linjer": oversikt.topp(stiar),
            "grense": sf.min_tilsette(),
            "kan_importere": permissions.kan_importere_sjukefravaer(request.user),
        },
    )


@login_required
def sjukefravaer_eining(request, kode):
    permissions.krev_sjukefravaer(request.user)
    aar = _aar(request)
    stiar = permissions.sjukefravaer_stiar(request.user)
    eining = get_object_or_404(Eining.objects.aktive(), kode=kode)
    if not permissions.kan_sjaa_sjukefravaer_for(request.user, eining, stiar):
        raise Http404
    oversikt = sf.Oversikt(aar)
    # the way up, as far as the reader may go
    over = [
        oversikt.per_sti[eining.path[:d]]
        for d in range(Eining.steplen, len(eining.path), Eining.steplen)
        if eining.path[:d] in oversikt.per_sti
        and (stiar is None or any(eining.path[:d].startswith(p) for p in stiar))
    ]
    return render(
        request,
        "budget/sjukefravaer_eining.html",
        {
            "aar": aar,
            "eining": eining,
            "over": over,
            "maanader": _maanadsnamn(oversikt),
            "eigen": [oversikt.linje(eining)],
            "linjer": oversikt.under(eining),
            "grense": sf.min_tilsette(),
        },
    )


_IMPORTNOKKEL = "sjukefravaer_import"


@login_required
def sjukefravaer_import(request):
    """Upload → preview (every row checked, errors by row, nothing saved) → confirm (POST with
    `bruk`), which checks the rows again and stores them all or nothing."""
    permissions.krev_import_av_sjukefravaer(request.user)
    ctx = {"grense": sf.min_tilsette()}
    if request.method == "POST" and "bruk" in request.POST:
        lagra = request.session.pop(_IMPORTNOKKEL, None)
        if lagra is None:
            messages.error(request, _("The preview has expired. Upload the file again."))
            return redirect("budget:sjukefravaer_import")
        try:
            nye, endra = services.importer_sjukefravaer(
                lagra["rader"], user=request.user, filnamn=lagra["fil"]
            )
        except services.Ugyldig as exc:
            ctx.update(form=SjukefravaerImportForm(), feil=[], melding=exc.melding)
            ctx["feil"] = exc.feil
            return render(request, "budget/sjukefravaer_import.html", ctx, status=400)
        messages.success(
            request,
            _("Sick leave imported: %(nye)s new and %(endra)s changed unit months.")
            % {"nye": nye, "endra": endra},
        )
        return redirect("budget:sjukefravaer")
    form = SjukefravaerImportForm(request.POST or None, request.FILES or None)
    ctx["form"] = form
    if form.is_bound and form.is_valid():
        fil = form.cleaned_data["fil"]
        try:
            innlese = sf.les(fil.name, fil.read())
        except Importfeil as exc:
            form.add_error("fil", str(exc))
        else:
            rader, ok, feil = innlese
            ctx.update(ok=ok, feil=feil, fil=fil.name)
            if ok and not feil:
                request.session[_IMPORTNOKKEL] = {"fil": fil.name, "rader": rader}
    return render(request, "budget/sjukefravaer_import.html", ctx, status=400 if form.errors else 200)


@login_required
def sjukefravaer_mal(request):
    permissions.krev_import_av_sjukefravaer(request.user)
    svar = HttpResponse(sf.MAL.encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    svar["Content-Disposition"] = 'attachment; filename="sjukefravaer-mal.csv"'
    return svar
