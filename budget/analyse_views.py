"""Analyse: statistics from SSB's Statistikkbanken (KOSTRA) compared per sector, and their
import: upload → preview (tables, variables, regions, years, values, mappings to choose) →
confirm; all or nothing (`services.lagre_statistikk`)."""

from collections import defaultdict

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from alver.lib import tal
from alver.lib.forms import DsFormMixin
from alver.lib.sortering import norsk
from alver.models import Eining
from plans.models import Indikator, MaalIndikator

from . import permissions, services, ssb
from .models import Maaloppfolging, Okonomiplan, Statistikkimport, Statistikkkopling

MAKS_FIL = 5 * 1024 * 1024  # a KOSTRA download for a few regions and years is some kilobytes


class StatistikkfilForm(DsFormMixin, forms.Form):
    fil = forms.FileField(
        label=gettext_lazy("File from Statistikkbanken"),
        help_text=gettext_lazy(
            "JSON-stat 2.0 (.json) or CSV separated by semicolons (.csv), as downloaded from SSB's "
            "Statistikkbanken, with the regions (the kommune, its KOSTRA group, the county, the "
            "country) and the years you want."
        ),
    )

    def clean_fil(self):
        fil = self.cleaned_data["fil"]
        if fil.size > MAKS_FIL:
            raise forms.ValidationError(_("The file is larger than 5 MB; choose fewer regions or years."))
        if fil.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return fil


def _smular():
    return [(reverse("budget:index"), _("Economic plan")), (reverse("budget:analyse"), _("Analyse"))]


def _sektorar():
    return list(Eining.objects.aktive().filter(type=Eining.Type.SEKTOR).order_by("path"))


@login_required
def analyse(request):
    if not permissions.kan_lese_analyse(request.user):
        raise Http404
    kan_importere = permissions.kan_importere_statistikk(request.user)
    koplingar = list(Statistikkkopling.objects.select_related("indikator").order_by("tabell", "variabel"))
    return render(
        request,
        "budget/analyse.html",
        {
            "sektorar": _sektorar(),
            "koplingar": koplingar,
            "kan_importere": kan_importere,
            "importar": list(
                Statistikkimport.objects.filter(status=Statistikkimport.Status.LAGRA)
                .select_related("created_by")
                .order_by("-lagra_at", "-pk")[:10]
            )
            if kan_importere
            else [],
            "smular": [(reverse("budget:index"), _("Economic plan"))],
            "regionar": ssb.regionar(),
        },
    )


def _relevante_indikatorar(sektor, plan):
    """The mapped indicators that belong to a sector: those its units own, and those attached
    to the goals the sector follows up in the økonomiplan (`plan`, the newest when none)."""
    maal = Maaloppfolging.objects.filter(eining=sektor, maal__isnull=False)
    maal = maal.filter(okonomiplan=plan) if plan else maal.none()
    return list(
        Indikator.objects.filter(
            Q(eigar__path__startswith=sektor.path)
            | Q(pk__in=MaalIndikator.objects.filter(maal__in=maal.values("maal")).values("indikator"))
        )
        .filter(pk__in=Statistikkkopling.objects.values("indikator"))
        .distinct()
        .order_by(norsk("namn"), "pk")
    )


RADER = (ssb.KOMMUNE, ssb.KOMMUNEGRUPPE, ssb.FYLKE, ssb.LANDET)
ROLLE = {ssb.KOMMUNE: "eiga", ssb.KOMMUNEGRUPPE: "samanlikning", ssb.LANDET: "landet"}


def _regionnamn():
    r = ssb.regionar()
    return {
        ssb.KOMMUNE: _("The kommune (%(kode)s)") % {"kode": r[ssb.KOMMUNE]},
        ssb.KOMMUNEGRUPPE: _("KOSTRA group (%(kode)s)") % {"kode": r[ssb.KOMMUNEGRUPPE]},
        ssb.FYLKE: _("County (%(kode)s)") % {"kode": r[ssb.FYLKE]},
        ssb.LANDET: _("The country (%(kode)s)") % {"kode": r[ssb.LANDET]},
    }


def _diagram(indikator, periodar, seriar):
    """The chart of `alver.lib.diagram` when it is there; the table alone otherwise."""
    try:
        from alver.lib.diagram import Serie, linjediagram
    except ImportError:
        return None
    return linjediagram(
        indikator.namn,
        _("%(namn)s: the kommune compared with its KOSTRA group and the country, per year.")
        % {"namn": indikator.namn},
        [str(a) for a in periodar],
        [Serie(namn, verdiar, ROLLE[rt]) for rt, namn, verdiar in seriar if rt in ROLLE],
        maaleeining=indikator.maaleeining,
        desimalar=indikator.desimalar,
    )


@login_required
def analyse_sektor(request, kode):
    if not permissions.kan_lese_analyse(request.user):
        raise Http404
    sektor = get_object_or_404(Eining, kode=kode, type=Eining.Type.SEKTOR)
    aar = tal.aar(request.GET.get("plan"))
    planar = Okonomiplan.objects.order_by("-forste_aar")
    plan = (planar.filter(forste_aar=aar) if aar else planar).first()
    indikatorar = _relevante_indikatorar(sektor, plan)
    verdiar = ssb.verdiar_for([i.pk for i in indikatorar])
    namn = _regionnamn()
    blokker = []
    for ind in indikatorar:
        per_type = verdiar.get(ind.pk, {})
        periodar = sorted({a for v in per_type.values() for a in v})
        seriar = [
            (rt, namn[rt], [per_type.get(rt, {}).get(a) for a in periodar])
            for rt in RADER
            if per_type.get(rt)
        ]
        blokker.append(
            {
                "indikator": ind,
                "periodar": periodar,
                "rader": [(n, [ssb.vis_tal(v, ind.desimalar) for v in vs]) for _rt, n, vs in seriar],
                "diagram": _diagram(ind, periodar, seriar) if periodar else None,
            }
        )
    return render(
        request,
        "budget/analyse_sektor.html",
        {
            "sektor": sektor,
            "plan": plan,
            "blokker": blokker,
            "smular": _smular(),
        },
    )


@login_required
def analyse_import(request):
    permissions.krev_statistikkimport(request.user)
    form = StatistikkfilForm(request.POST or None, request.FILES or None)
    lesefeil = []
    if request.method == "POST" and form.is_valid():
        fil = form.cleaned_data["fil"]
        try:
            imp = services.forhandsvis_statistikk(fil.name, fil.read(), user=request.user)
        except ssb.Lesefeil as exc:
            lesefeil = exc.meldingar
            form.add_error("fil", lesefeil[0])
        else:
            return redirect("budget:analyse_forhandsvis", pk=imp.pk)
    return render(
        request,
        "budget/analyse_import.html",
        {"form": form, "lesefeil": lesefeil[1:], "smular": _smular()},
    )


def _oversikt(imp):
    """What the preview shows: tables, variables (with their mapping or a suggestion), regions, years."""
    rader = services.statistikkrader(imp)
    eigne = {v: k for k, v in ssb.regionar().items()}
    variablar = defaultdict(lambda: {"verdiar": 0, "manglar": 0})
    regionar, aar = {}, set()
    for r in rader:
        v = variablar[(r.tabell, r.variabel)]
        v["namn"] = r.variabel_namn
        v["verdiar" if r.verdi is not None else "manglar"] += 1
        regionar[r.region] = (r.region_namn, ssb.regiontype(r.region), r.region in eigne)
        aar.add(r.aar)
    tabellar = sorted({t for t, _v in variablar})
    finst = {
        (k.tabell, k.variabel): k.indikator
        for k in Statistikkkopling.objects.filter(tabell__in=tabellar).select_related("indikator")
    }
    forslag = {
        (i.kjelde_tabell.strip(), i.kjelde_variabel.strip()): i
        for i in Indikator.objects.filter(kjelde_tabell__in=tabellar).exclude(kjelde_variabel="")
    }
    liste = []
    for n, ((t, v), d) in enumerate(sorted(variablar.items())):
        liste.append(
            {
                "n": n,
                "tabell": t,
                "variabel": v,
                "namn": d["namn"],
                "verdiar": d["verdiar"],
                "manglar": d["manglar"],
                "kopling": finst.get((t, v)),
                "forslag": forslag.get((t, v)),
            }
        )
    return {
        "tabellar": tabellar,
        "variablar": liste,
        "regionar": sorted(regionar.items(), key=lambda kv: (RADER + (ssb.ANNA,)).index(kv[1][1])),
        "aar": sorted(aar),
        "tal_verdiar": sum(1 for r in rader if r.verdi is not None),
        "tal_manglar": sum(1 for r in rader if r.verdi is None),
        "eigne_manglar": [_regionnamn()[rt] for rt, kode in ssb.regionar().items() if kode not in regionar],
    }


@login_required
def analyse_forhandsvis(request, pk):
    imp = permissions.statistikkimport_for(request.user, pk)
    oversikt = _oversikt(imp)
    indikatorar = list(Indikator.objects.order_by(norsk("namn"), "pk"))
    if request.method == "POST":
        if imp.status == Statistikkimport.Status.LAGRA:
            messages.info(request, _("This file is stored already."))
            return redirect("budget:analyse")
        etter_pk = {str(i.pk): i for i in indikatorar}
        koplingar = {}
        for v in oversikt["variablar"]:
            if v["kopling"] is None:
                valt = request.POST.get(f"kopling-{v['n']}", "")
                if valt and valt not in etter_pk:
                    messages.error(request, _("Choose an indicator from the list."))
                    return redirect("budget:analyse_forhandsvis", pk=imp.pk)
                koplingar[(v["tabell"], v["variabel"])] = etter_pk.get(valt)
        services.lagre_statistikk(imp, koplingar=koplingar, user=request.user)
        nye = sum(1 for i in koplingar.values() if i is not None)
        messages.success(
            request,
            ngettext(
                "%(n)s value from %(fil)s is stored.",
                "%(n)s values from %(fil)s are stored.",
                oversikt["tal_verdiar"],
            )
            % {"n": oversikt["tal_verdiar"], "fil": imp.filnamn}
            + (
                " "
                + ngettext(
                    "%(n)s variable mapped to an indicator.", "%(n)s variables mapped to indicators.", nye
                )
                % {"n": nye}
                if nye
                else ""
            ),
        )
        return redirect("budget:analyse")
    return render(
        request,
        "budget/analyse_forhandsvis.html",
        {"imp": imp, "indikatorar": indikatorar, "smular": _smular(), **oversikt},
    )
