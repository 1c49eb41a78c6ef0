"""Pages of the handlings- og økonomiplan: overview, sectors, rammer, tiltak, verbalpunkt,
adoption and budget changes, and the PDF summary."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from alver.lib import eksport, gjenoppretting
from alver.lib.belop import Eining as BelopEining
from alver.lib.belop import eining_fraa
from alver.lib.historikk import endringslogg, endringslogg_for_mange, grunnkode
from alver.lib.importering import Importfeil
from alver.lib.pdf import lag_pdf
from alver.lib.samtidig import Konflikt, lagre_versjonert, vis_konflikt
from alver.lib.tre import i_subtre
from alver.models import Eining
from alver.permissions import Rolle, har_rolle, i_leia_einingar

from . import hovudoversikt, permissions, services
from .forms import (
    BudsjettendringForm,
    BudsjettTiltakForm,
    EttersynForm,
    LinjeForm,
    MaaloppfolgingForm,
    NyOkonomiplanForm,
    RammeForm,
    RammeImportForm,
    StatusForm,
    VedtaForm,
    VerbalpunktForm,
)
from .models import BudsjettTiltak, Okonomiplan, Ramme, TiltakEffekt
from .sektor_tillegg import sektor_tillegg

SIDE = 50


def _smular(plan, *meir):
    return [(reverse("budget:index"), _("Economic plans")), (plan.get_absolute_url(), str(plan)), *meir]


@login_required
def index(request):
    if not permissions.kan_lese_okonomiplan(request.user):
        raise Http404
    return render(
        request,
        "budget/okonomiplan_liste.html",
        {
            "planar": Okonomiplan.objects.annotate(tal_tiltak=Count("tiltak")).order_by("-forste_aar"),
            "kan_endre": permissions.kan_endre_okonomiplan(request.user),
        },
    )


@login_required
def ny(request):
    if not permissions.kan_lese_okonomiplan(request.user):
        raise Http404
    if not permissions.kan_endre_okonomiplan(request.user):
        raise PermissionDenied
    siste = Okonomiplan.objects.order_by("-forste_aar").first()
    form = NyOkonomiplanForm(
        request.POST or None,
        initial={"forste_aar": siste.forste_aar + 1 if siste else None, "fra": siste},
    )
    if form.is_bound and form.is_valid():
        try:
            plan = services.lag_okonomiplan(
                form.cleaned_data["forste_aar"], user=request.user, fra=form.cleaned_data["fra"]
            )
        except services.Budsjettfeil as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The plan is started."))
            return redirect(plan)
    return render(
        request,
        "skjema.html",
        {
            "form": form,
            "tittel": _("New economic plan"),
            "avbryt": reverse("budget:index"),
            "smular": [(reverse("budget:index"), _("Economic plans"))],
        },
    )


@login_required
def okonomiplan(request, aar, status_form=None, ettersyn_form=None):
    """The overview: the years × sectors matrix of rammer and prioritised tiltak, and the plan's state."""
    plan = permissions.okonomiplan_for_lesing(request.user, aar)
    tal = plan.tiltak.aggregate(
        alle=Count("pk"),
        prioriterte=Count("pk", filter=Q(vedtak=BudsjettTiltak.Vedtak.PRIORITERT)),
        ikkje_vurdert=Count("pk", filter=Q(vedtak=BudsjettTiltak.Vedtak.IKKJE_VURDERT)),
    )
    kan_endre = permissions.kan_endre_okonomiplan(request.user)
    return render(
        request,
        "budget/okonomiplan.html",
        {
            "plan": plan,
            "balanse": services.balanse(plan),
            "oversikt": hovudoversikt.for_plan(plan),
            "tal": tal,
            "tal_verbalpunkt": plan.verbalpunkt.count(),
            "vedtakingar": plan.vedtakingar.select_related("endring").order_by("-pk")[:10],
            "kan_endre": kan_endre and not plan.er_vedtatt,
            "kan_forkastast": kan_endre and services.kan_forkastast(plan),
            "kan_endre_vedteken": kan_endre and plan.er_vedtatt,
            "kan_leggje_til": permissions.kan_leggje_til_tiltak(request.user, plan),
            "kan_verbalpunkt": permissions.kan_endre_verbalpunkt(request.user, plan),
            "status_form": (status_form or StatusForm(instance=plan))
            if kan_endre and not plan.er_vedtatt
            else None,
            "ettersyn_form": (ettersyn_form or EttersynForm(instance=plan))
            if permissions.kan_registrere_ettersyn(request.user, plan)
            else None,
            "logg": endringslogg(plan.history, grense=10),
        },
    )


@require_POST
@login_required
def status(request, aar):
    plan = permissions.okonomiplan_for_endring(request.user, aar)
    form = StatusForm(request.POST, instance=plan)
    if form.is_valid():
        try:
            services.lagre_status(form.instance, form.cleaned_data["versjon"])
        except Konflikt as k:
            vis_konflikt(form, k)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect(plan)
    # the page again with what was typed and the message by its field
    return okonomiplan(request, aar, status_form=form)


@require_POST
@login_required
def ettersyn(request, aar):
    plan = permissions.okonomiplan_for_lesing(request.user, aar)
    if not permissions.kan_registrere_ettersyn(request.user, plan):
        raise PermissionDenied
    form = EttersynForm(request.POST, instance=plan)
    if form.is_valid():
        try:
            lagre_versjonert(
                form.instance,
                form.cleaned_data["versjon"],
                grunn=grunnkode("Dates of the political handling, by %(namn)s") % {"namn": request.user.namn},
            )
        except Konflikt as k:
            vis_konflikt(form, k)
        else:
            messages.success(request, _("The dates are saved."))
            return redirect(plan)
    return okonomiplan(request, aar, ettersyn_form=form)


@require_POST
@login_required
def forkast(request, aar):
    plan = permissions.okonomiplan_for_endring(request.user, aar)
    if request.POST.get("stadfest") != "ja":
        messages.error(request, _("Tick the box to confirm that the draft is to be discarded."))
        return redirect(plan)
    try:
        services.forkast(plan, user=request.user)
    except services.Budsjettfeil as exc:
        messages.error(request, str(exc))
        return redirect(plan)
    messages.success(request, _("The draft plan %(plan)s is discarded.") % {"plan": plan})
    return redirect("budget:index")


@login_required
def sektor(request, aar, kode, former=None, status=200):
    """`former`: bound forms of the targets and nøkkeltal sections that failed (from
    `nokkeltal_views`), shown with their errors."""
    plan = permissions.okonomiplan_for_lesing(request.user, aar)
    # goals and targets are given to a sector or a service area (and reach the units below)
    eining = get_object_or_404(
        Eining.objects.select_related("leiar"),
        kode=kode,
        type__in=[Eining.Type.SEKTOR, Eining.Type.TENESTEOMRAADE],
    )
    rad = next(
        (r for r in services.balanse(plan)["rader"] if r["sektor"] and r["sektor"].pk == eining.pk), None
    )
    tiltak = (
        plan.tiltak.filter(i_subtre(eining, "ansvarleg_eining"))
        .select_related("ansvarleg_eining")
        .prefetch_related(Prefetch("effektar", queryset=TiltakEffekt.objects.order_by("aar")))
        .order_by("vedtak", "prioritet", "pk")
    )
    tiltak = _per_aar(plan, tiltak)
    rammer = (
        plan.rammer.filter(i_subtre(eining, "eining"))
        .select_related("eining")
        .order_by("eining__path", "aar")
    )
    kan_maal = permissions.kan_endre_okonomiplan(request.user) and not plan.er_vedtatt
    oppf = list(
        plan.maaloppfolging.filter(eining=eining).select_related(
            "maal__plan", "strategi__maal", "strategi__plan"
        )
    )
    form = None
    bunden = request.method == "POST" and former is None  # not when another section's form failed
    if kan_maal:
        form = MaaloppfolgingForm(
            request.POST if bunden else None,
            initial={
                "maal": [o.maal_id for o in oppf if o.maal_id],
                "strategiar": [o.strategi_id for o in oppf if o.strategi_id],
            },
        )
        if bunden and form.is_valid():
            services.set_maaloppfolging(
                plan,
                eining,
                maal=form.cleaned_data["maal"],
                strategiar=form.cleaned_data["strategiar"],
                user=request.user,
            )
            messages.success(request, _("The goals the sector follows up are saved."))
            return redirect("budget:sektor", aar=aar, kode=kode)
    elif request.method == "POST" and former is None:
        raise PermissionDenied
    return render(
        request,
        "budget/sektor.html",
        {
            **sektor_tillegg(request, plan, eining, **(former or {})),
            "plan": plan,
            "eining": eining,
            "rad": rad,
            "tiltak": tiltak,
            "rammer": _rammetabell(plan, rammer),
            "oppfolging": oppf,
            "form": form,
            "smular": _smular(plan),
        },
        status=status,
    )


def _per_aar(plan, tiltak):
    """Each tiltak with its effect per year of the period, in order (None: no effect that year)."""
    tiltak = list(tiltak)
    for t in tiltak:
        effekt = {e.aar: e.belop for e in t.effektar.all()}
        t.per_aar = [effekt.get(a) for a in plan.periode]
    return tiltak


def _rammetabell(plan, rammer):
    rader = {}
    for r in rammer:
        rader.setdefault(r.eining, {})[r.aar] = r
    return [(e, [celler.get(aar) for aar in plan.periode]) for e, celler in rader.items()]


def _ramme_einingar():
    """Sectors and the service areas below them: the levels rammer are set on."""
    return (
        Eining.objects.aktive()
        .filter(type__in=[Eining.Type.SEKTOR, Eining.Type.TENESTEOMRAADE])
        .order_by("path")
    )


# a grid of more rows than this is typed one sector at a time (Oslo: 185 rows, 1,480 cells)
RAMMER_ALLE_GRENSE = 60


@login_required
def rammer(request, aar):
    plan = permissions.okonomiplan_for_endring(request.user, aar)
    sektorar = list(_ramme_einingar().filter(type=Eining.Type.SEKTOR).values_list("kode", "namn", "path"))
    # which sector the grid shows (all, in a small kommune); the form posts it back
    alle_tal = _ramme_einingar().count()
    valt = request.POST.get("sektor") or request.GET.get("sektor") or ""
    sektor = next((sk for sk in sektorar if sk[0] == valt), None)
    if sektor is None and sektorar and alle_tal > RAMMER_ALLE_GRENSE:
        sektor = sektorar[0]
    einingar = _ramme_einingar()
    if sektor:
        einingar = einingar.filter(i_subtre(sektor[2]))
    einingar = list(einingar)
    # the unit the grid is typed in, as the document at hand gives the amounts
    eining = _eining(request)
    form = RammeForm(request.POST or None, plan=plan, einingar=einingar, eining=eining)
    if form.is_bound and form.is_valid():
        n = services.lagre_rammer(
            plan,
            form.verdiar(),
            grunn=grunnkode("Entered by %(namn)s") % {"namn": request.user.namn},
            fjern=form.tomme(),
        )
        messages.success(request, ngettext("%(n)s frame saved.", "%(n)s frames saved.", n) % {"n": n})
        if sektor:  # typed sector by sector: back to the grid, to go on with the next
            return redirect(f"{reverse('budget:rammer', args=[aar])}?sektor={sektor[0]}&eining={eining}")
        return redirect(plan)
    return render(
        request,
        "budget/rammer.html",
        {
            "plan": plan,
            "form": form,
            # from the context, not as form.inputmode: the template looks a name up in the form's
            # fields first, and a miss there lists every field name in its error, once per cell
            "inputmode": form.inputmode,
            "vist": form.vist,
            "smular": _smular(plan),
            "eining": eining,
            "eining_namn": BelopEining(eining).label,
            "einingar": BelopEining.choices,
            "sektorar": sektorar,
            "sektor": sektor[0] if sektor else "alle",
            "sektor_namn": sektor[1] if sektor else "",
            "kan_vise_alle": alle_tal <= RAMMER_ALLE_GRENSE,
            "logg": _rammelogg(plan, einingar),
        },
    )


def _rammelogg(plan, einingar):
    """Who changed which of the grid's frames, when, from what to what (the newest 30)."""
    namn = {e.pk: e.namn for e in einingar}
    return endringslogg_for_mange(
        Ramme.history.filter(okonomiplan_id=plan.pk, eining_id__in=list(namn)),
        lambda r: f"{namn.get(r.eining_id, '')} {r.aar}",
    )


@login_required
def linjer(request, aar):
    """The main overview's own lines: income, interest and repayments, reserves, and the
    investment budget's financing, typed in the unit of the document at hand."""
    plan = permissions.okonomiplan_for_endring(request.user, aar)
    eining = _eining(request)
    form = LinjeForm(request.POST or None, plan=plan, eining=eining)
    if form.is_bound and form.is_valid():
        try:
            services.lagre_linjer(
                plan,
                form.cleaned_data["versjon"],
                endra=form.endra(),
                nye=form.nye_linjer(),
                fjern=form.fjern(),
                maal_prosent=form.cleaned_data["maal_driftsresultat"],
                user=request.user,
            )
        except Konflikt as k:
            vis_konflikt(form, k)
        else:
            messages.success(request, _("The budget lines are saved."))
            return redirect(reverse("budget:okonomiplan", args=[aar]) + "#hovudoversikt")
    return render(
        request,
        "budget/linjer.html",
        {
            "plan": plan,
            "form": form,
            "oversikt": hovudoversikt.for_plan(plan),
            "smular": _smular(plan),
            "eining": eining,
            "eining_namn": BelopEining(eining).label,
            "einingar": BelopEining.choices,
        },
    )


def _rammenokkel(plan, token):
    # one key per preview: a second tab's upload never becomes what the first tab confirms
    return f"rammeimport:{plan.pk}:{token}"


@login_required
def rammer_import(request, aar):
    """Upload → a preview of every row as read, in kroner, with the sums per year → save all.
    Nothing is saved before the user has seen the preview; a row that is wrong stops it all."""
    plan = permissions.okonomiplan_for_endring(request.user, aar)
    if request.method == "POST" and request.POST.get("stadfest"):
        lagra = request.session.pop(_rammenokkel(plan, request.POST.get("token", "")), None)
        if lagra is None:
            messages.error(request, _("The preview has expired. Upload the file again."))
            return redirect("budget:rammer_import", aar=aar)
        verdiar = {(e, a): (d, i) for e, a, d, i in lagra["verdiar"]}
        n = services.lagre_rammer(
            plan, verdiar, grunn=grunnkode("Imported from %(fil)s") % {"fil": lagra["fil"]}
        )
        messages.success(request, ngettext("%(n)s frame imported.", "%(n)s frames imported.", n) % {"n": n})
        return redirect(plan)
    form = RammeImportForm(request.POST or None, request.FILES or None)
    feil, forhandsvis = [], None
    if form.is_bound and form.is_valid():
        fil = form.cleaned_data["fil"]
        token = secrets.token_urlsafe(16)
        try:
            verdiar, feil = services.planlegg_rammeimport(
                plan, fil.name, fil.read(), form.cleaned_data["eining"]
            )
        except Importfeil as exc:
            form.add_error("fil", str(exc))
        else:
            if feil:
                form.add_error("fil", _("Nothing was imported. Correct the rows below and try again."))
            else:
                request.session[_rammenokkel(plan, token)] = {
                    "fil": fil.name,
                    "verdiar": [[e, a, d, i] for (e, a), (d, i) in verdiar.items()],
                }
                forhandsvis = _rammeforhandsvis(plan, verdiar, fil.name, form.cleaned_data["eining"])
                forhandsvis["token"] = token
    return render(
        request,
        "budget/rammer_import.html",
        {"plan": plan, "form": form, "feil": feil, "forhandsvis": forhandsvis, "smular": _smular(plan)},
    )


def _rammeforhandsvis(plan, verdiar, filnamn, eining):
    """The rows as they will be saved (in kroner) and the sums per year, to check against the file."""
    einingar = {e.pk: e for e in Eining.objects.filter(pk__in={e for e, _a in verdiar})}
    rader = sorted(
        ((einingar[e], a, d, i) for (e, a), (d, i) in verdiar.items()), key=lambda r: (r[0].path, r[1])
    )
    return {
        "fil": filnamn,
        "eining": BelopEining(eining).label,
        "rader": rader,
        "summar": [
            (
                aar,
                sum(d for _e, a, d, _i in rader if a == aar),
                sum(i for _e, a, _d, i in rader if a == aar),
            )
            for aar in sorted({a for _e, a, _d, _i in rader})
        ],
    }


@require_POST
@login_required
def hent_forslag(request, aar):
    plan = permissions.okonomiplan_for_endring(request.user, aar)
    n = services.hent_forslag(plan)
    messages.success(request, _("%(n)s new proposals from the action plans.") % {"n": n})
    return redirect("budget:tiltak_liste", aar=aar)


def _filtrer_tiltak(plan, params):
    qs = plan.tiltak.all()
    if kode := params.get("sektor"):
        e = Eining.objects.filter(kode=kode).first()
        qs = qs.filter(i_subtre(e, "ansvarleg_eining")) if e else qs.none()
    if (v := params.get("vedtak")) in BudsjettTiltak.Vedtak.values:
        qs = qs.filter(vedtak=v)
    if q := params.get("q", "").strip():
        qs = qs.filter(tittel__icontains=q)
    if params.get("kjelde") == "handlingsplan":
        qs = qs.exclude(tiltak=None)
    if params.get("kjelde") == "ny":
        qs = qs.filter(tiltak=None)
    return qs


@login_required
def tiltak_liste(request, aar):
    plan = permissions.okonomiplan_for_lesing(request.user, aar)
    qs = (
        _filtrer_tiltak(plan, request.GET)
        .select_related("ansvarleg_eining")
        .prefetch_related(Prefetch("effektar", queryset=TiltakEffekt.objects.order_by("aar")))
        .order_by("ansvarleg_eining__path", "prioritet", "pk")
    )
    if fmt := eksport.format_(request):
        return eksport.tabell(
            fmt,
            f"tiltak-{plan.forste_aar}",
            [
                _("Priority"),
                _("title"),
                _("Responsible unit"),
                _("kind"),
                _("decision"),
                *[_("%(aar)s (NOK)") % {"aar": a} for a in plan.periode],
            ],
            (
                [
                    t.prioritet,
                    t.tittel,
                    t.ansvarleg_eining.namn if t.ansvarleg_eining else "",
                    t.get_type_display(),
                    t.get_vedtak_display(),
                    *t.per_aar,
                ]
                for t in _per_aar(plan, qs)
            ),
            arknamn=_("Measures"),
        )
    side = Paginator(qs, SIDE).get_page(request.GET.get("side"))
    _per_aar(plan, side)
    return render(
        request,
        "budget/tiltak_liste.html",
        {
            "plan": plan,
            "side": side,
            "p": request.GET,
            "sektorar": services.sektorar(),
            "vedtakval": BudsjettTiltak.Vedtak.choices,
            "kan_leggje_til": permissions.kan_leggje_til_tiltak(request.user, plan),
            "kan_hente": permissions.kan_endre_okonomiplan(request.user) and not plan.er_vedtatt,
            "smular": _smular(plan),
        },
    )


def _tiltakseiningar(user):
    if permissions.kan_endre_okonomiplan(user) or har_rolle(user, Rolle.KOMMUNEDIREKTOR):
        return Eining.objects.aktive()
    return Eining.objects.aktive().filter(i_leia_einingar(user))


@require_POST
@login_required
def tiltak_gjenopprett(request, aar, pk):
    """Put back an earlier text of the measure from its change log (administrators)."""
    plan = permissions.okonomiplan_for_lesing(request.user, aar)
    t = permissions.tiltak_for_lesing(request.user, plan, pk)
    t.okonomiplan = plan
    if not permissions.kan_gjenopprette_tiltakstekst(request.user, t):
        raise PermissionDenied
    return gjenoppretting.svar(request, t)


@login_required
def tiltak(request, aar, pk):
    plan = permissions.okonomiplan_for_lesing(request.user, aar)
    t = permissions.tiltak_for_lesing(request.user, plan, pk)
    t.okonomiplan = plan
    return render(
        request,
        "budget/tiltak.html",
        {
            "plan": plan,
            "t": t,
            "effektar": t.effektar.order_by("aar"),
            "maal": t.maal.select_related("plan"),
            "strategiar": t.strategiar.select_related("maal", "plan"),
            "kan_endre": permissions.kan_endre_tiltak(request.user, t),
            "logg": endringslogg(t.history),
            "gjenopprett_url": reverse("budget:tiltak_gjenopprett", args=[aar, t.pk])
            if permissions.kan_gjenopprette_tiltakstekst(request.user, t)
            else None,
            "smular": _smular(plan, (reverse("budget:tiltak_liste", args=[aar]), _("Measures"))),
        },
    )


@login_required
def tiltak_ny(request, aar):
    plan = permissions.okonomiplan_for_lesing(request.user, aar)
    if not permissions.kan_leggje_til_tiltak(request.user, plan):
        raise PermissionDenied
    form = BudsjettTiltakForm(
        request.POST or None, plan=plan, einingar=_tiltakseiningar(request.user), eining=_eining(request)
    )
    if form.is_bound and form.is_valid():
        bt = form.instance
        bt.okonomiplan = plan
        services.lagre_tiltak(
            bt, form.effektar(), maal=form.cleaned_data["maal"], strategiar=form.cleaned_data["strategiar"]
        )
        messages.success(request, _("The measure is added."))
        return redirect(bt)
    return _tiltak_skjema(request, plan, form, _("New measure"), reverse("budget:tiltak_liste", args=[aar]))


@login_required
def tiltak_endre(request, aar, pk):
    plan = permissions.okonomiplan_for_lesing(request.user, aar)
    t = permissions.tiltak_for_endring(request.user, plan, pk)
    form = BudsjettTiltakForm(
        request.POST or None,
        instance=t,
        plan=plan,
        einingar=_tiltakseiningar(request.user),
        eining=_eining(request),
    )
    if form.is_bound and form.is_valid():
        try:
            services.lagre_tiltak(
                form.instance,
                form.effektar(),
                versjon=form.cleaned_data["versjon"] or 0,  # missing: a conflict, never an overwrite
                maal=form.cleaned_data["maal"],
                strategiar=form.cleaned_data["strategiar"],
            )
        except Konflikt as k:
            vis_konflikt(form, k)
        else:
            messages.success(request, _("The measure is saved."))
            return redirect(t)
    return _tiltak_skjema(request, plan, form, _("Edit measure"), t.get_absolute_url())


def _eining(request):
    """The unit the amounts on a form are typed in (the page's choice; the form posts it back)."""
    return eining_fraa(request.POST.get("eining") or request.GET.get("eining"))


def _tiltak_skjema(request, plan, form, tittel, avbryt):
    return render(
        request,
        "budget/tiltak_skjema.html",
        {
            "plan": plan,
            "form": form,
            "eining": form.eining,
            "einingar": BelopEining.choices,
            "tittel": tittel,
            "avbryt": avbryt,
            "smular": _smular(plan, (reverse("budget:tiltak_liste", args=[plan.forste_aar]), _("Measures"))),
        },
    )


@login_required
def verbalpunkt_liste(request, aar):
    plan = permissions.okonomiplan_for_lesing(request.user, aar)
    qs = plan.verbalpunkt.select_related("ansvarleg_sektor").order_by("sortering")
    if kode := request.GET.get("sektor"):
        qs = qs.filter(ansvarleg_sektor__kode=kode)
    if fmt := eksport.format_(request):
        return eksport.tabell(
            fmt,
            f"verbalpunkt-{plan.forste_aar}",
            [
                _("number"),
                _("title"),
                _("text"),
                _("proposed by (party)"),
                _("status"),
                _("Responsible sector"),
            ],
            (
                [
                    v.nummer,
                    v.overskrift,
                    v.tekst,
                    v.parti,
                    v.get_status_display(),
                    v.ansvarleg_sektor.namn if v.ansvarleg_sektor else "",
                ]
                for v in qs.iterator(chunk_size=2000)
            ),
            arknamn=_("Verbal resolutions"),
        )
    return render(
        request,
        "budget/verbalpunkt_liste.html",
        {
            "plan": plan,
            "side": Paginator(qs, SIDE).get_page(request.GET.get("side")),
            "p": request.GET,
            "sektorar": services.sektorar(),
            "kan_endre": permissions.kan_endre_verbalpunkt(request.user, plan),
            "smular": _smular(plan),
        },
    )


@login_required
def verbalpunkt(request, aar, pk):
    plan = permissions.okonomiplan_for_lesing(request.user, aar)
    v = get_object_or_404(plan.verbalpunkt.select_related("ansvarleg_sektor"), pk=pk)
    return render(
        request,
        "budget/verbalpunkt.html",
        {
            "plan": plan,
            "v": v,
            "maal": v.maal.select_related("plan"),
            "kan_endre": permissions.kan_endre_verbalpunkt(request.user, plan),
            "logg": endringslogg(v.history),
            "smular": _smular(
                plan, (reverse("budget:verbalpunkt_liste", args=[aar]), _("Verbal resolutions"))
            ),
        },
    )


@login_required
def verbalpunkt_skjema(request, aar, pk=None):
    plan = permissions.okonomiplan_for_lesing(request.user, aar)
    if not permissions.kan_endre_verbalpunkt(request.user, plan):
        raise PermissionDenied
    v = get_object_or_404(plan.verbalpunkt, pk=pk) if pk else None
    # the next whole number after those the plan has («1», «2», «2a» → «3»)
    neste = (
        max((int(n) for n in plan.verbalpunkt.values_list("nummer", flat=True) if n.isdecimal()), default=0)
        + 1
    )
    form = VerbalpunktForm(
        request.POST or None, instance=v, plan=plan, initial={} if v else {"nummer": neste}
    )
    if form.is_bound and form.is_valid():
        try:
            ny = services.lagre_verbalpunkt(
                form.instance, versjon=form.cleaned_data["versjon"] or 0, maal=form.cleaned_data["maal"]
            )
        except Konflikt as k:
            vis_konflikt(form, k)
        else:
            messages.success(request, _("The verbal resolution is saved."))
            return redirect(ny)
    return render(
        request,
        "skjema.html",
        {
            "form": form,
            "tittel": _("Edit verbal resolution") if v else _("New verbal resolution"),
            "avbryt": v.get_absolute_url() if v else reverse("budget:verbalpunkt_liste", args=[aar]),
            "smular": _smular(
                plan, (reverse("budget:verbalpunkt_liste", args=[aar]), _("Verbal resolutions"))
            ),
        },
    )


def _krev_vedtaksrett(request, aar):
    plan = permissions.okonomiplan_for_lesing(request.user, aar)
    if not permissions.kan_endre_okonomiplan(request.user):
        raise PermissionDenied
    return plan


@login_required
def vedta(request, aar):
    """The confirmation page lists exactly what adoption will make; POST carries it out."""
    plan = _krev_vedtaksrett(request, aar)
    finst = plan.vedtakingar.filter(endring__isnull=True).first()
    if finst is not None:
        return redirect(finst)
    form = VedtaForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            v = services.vedta(plan, user=request.user, **form.cleaned_data)
        except services.Budsjettfeil as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(v)
    oversikt = hovudoversikt.for_plan(plan)
    return render(
        request,
        "budget/vedta.html",
        {
            "plan": plan,
            "form": form,
            "oversikt": oversikt,
            "ubalanse": "" if oversikt["i_balanse"] else hovudoversikt.manglar_tekst(oversikt),
            "ikkje_vurdert": plan.tiltak.filter(vedtak=BudsjettTiltak.Vedtak.IKKJE_VURDERT).count(),
            "seinare": plan.tiltak.filter(
                vedtak=BudsjettTiltak.Vedtak.PRIORITERT, fra_aar__gt=plan.forste_aar
            ).count(),
            "smular": _smular(plan),
        },
    )


@login_required
def vedtaking(request, aar, pk):
    """Progress and result of an adoption or a budget change (htmx polls while it runs)."""
    plan = permissions.okonomiplan_for_lesing(request.user, aar)
    v = get_object_or_404(plan.vedtakingar.select_related("endring", "created_by"), pk=pk)
    jobb = services.vedtaking_jobb(v)
    tilstand = services.vedtaking_tilstand(v, jobb)
    ctx = {
        "plan": plan,
        "v": v,
        "jobb": jobb,
        "tilstand": tilstand,
        "smular": _smular(plan),
        "kan_prove_igjen": tilstand in ("feila", "fast") and permissions.kan_endre_okonomiplan(request.user),
    }
    if request.htmx:
        return render(request, "budget/partials/vedtaking_status.html", ctx)
    return render(request, "budget/vedtaking.html", ctx)


@require_POST
@login_required
def vedtaking_prov_igjen(request, aar, pk):
    plan = _krev_vedtaksrett(request, aar)
    v = get_object_or_404(plan.vedtakingar, pk=pk)
    services.prov_igjen(v)
    return redirect(v)


@login_required
def budsjettendring(request, aar):
    plan = _krev_vedtaksrett(request, aar)
    if not plan.er_vedtatt:
        raise PermissionDenied
    form = BudsjettendringForm(request.POST or None, plan=plan)
    ny = BudsjettTiltakForm(request.POST or None, prefix="ny", plan=plan, einingar=Eining.objects.aktive())
    ny.empty_permitted, ny.use_required_attribute = True, False
    if form.is_bound:
        ny_gyldig = not ny.has_changed() or ny.is_valid()
        if form.is_valid() and ny_gyldig:
            d = form.cleaned_data
            nye = []
            if ny.has_changed():
                nye.append(
                    {
                        **{
                            k: ny.cleaned_data[k]
                            for k in (
                                "tittel",
                                "skildring",
                                "ansvarleg_eining",
                                "fra_aar",
                                "prioritet",
                                "vedtak",
                            )
                        },
                        "effektar": ny.effektar(),
                        "maal": ny.cleaned_data["maal"],
                        "strategiar": ny.cleaned_data["strategiar"],
                    }
                )
            if not (nye or d["prioriter"] or d["avprioriter"]):
                form.add_error(None, _("The change does nothing: add a measure or change a decision."))
            else:
                v = services.registrer_budsjettendring(
                    plan,
                    dato=d["dato"],
                    saksnummer=d["saksnummer"],
                    skildring=d["skildring"],
                    nye_tiltak=nye,
                    prioriter=d["prioriter"],
                    avprioriter=d["avprioriter"],
                    user=request.user,
                )
                return redirect(v)
    return render(
        request,
        "budget/budsjettendring.html",
        {"plan": plan, "form": form, "ny": ny, "smular": _smular(plan)},
    )


@login_required
def pdf(request, aar):
    plan = permissions.okonomiplan_for_lesing(request.user, aar)
    sektorar = list(services.sektorar())
    tiltak = (
        plan.tiltak.filter(vedtak=BudsjettTiltak.Vedtak.PRIORITERT)
        .select_related("ansvarleg_eining")
        .prefetch_related(Prefetch("effektar", queryset=TiltakEffekt.objects.order_by("aar")))
        .order_by("ansvarleg_eining__path", "prioritet", "pk")
    )
    per_sektor = {s.pk: [] for s in sektorar}
    for t in _per_aar(plan, tiltak):
        s = next((s for s in sektorar if t.ansvarleg_eining.path.startswith(s.path)), None)
        if s:
            per_sektor[s.pk].append(t)
    oversikt = hovudoversikt.for_plan(plan)
    innhald = lag_pdf(
        request,
        "budget/okonomiplan_pdf.html",
        {
            "plan": plan,
            "oversikt": oversikt,
            "ubalanse": hovudoversikt.manglar_tekst(oversikt),
            "oversikt_tabellar": [
                (oversikt["drift"], _("Operating budget, kroner")),
                (oversikt["investering"], _("Investment budget and its financing, kroner")),
            ],
            "balanse": services.balanse(plan),
            "sektorar": [(s, per_sektor[s.pk]) for s in sektorar],
            "verbalpunkt": plan.verbalpunkt.select_related("ansvarleg_sektor").order_by("sortering"),
            "endringar": plan.endringar.order_by("dato", "pk"),
        },
        tittel=str(plan),
    )
    svar = HttpResponse(innhald, content_type="application/pdf")
    svar["Content-Disposition"] = f'inline; filename="okonomiplan-{plan.forste_aar}.pdf"'
    return svar
