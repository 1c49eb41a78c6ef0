"""The periods: the year's list, the rules, opening and closing, reporting status and deviation mode,
and who has reported."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from alver import permissions
from alver.lib import klokke, tal
from alver.lib.historikk import endringslogg
from alver.lib.samtidig import Konflikt, vis_konflikt
from alver.lib.tre import i_subtre
from alver.models import Eining
from alver.permissions import Rolle
from verksemdsplan.models import Oppdrag

from .. import permissions as rapport_tilgang
from .. import services as tenester
from ..forms import ReglarForm, StatusrapportForm
from ..models import Periode, Statusrapport


@login_required
def index(request):
    """The year's periods with deadlines, open or closed; økonomi generates, opens and closes.
    Politicians find the political reports released to them here."""
    user = request.user
    if not rapport_tilgang.kan_sjaa(user):
        if not permissions.har_rolle(user, Rolle.POLITIKAR):
            raise Http404
        return render(
            request,
            "reporting/politisk.html",
            {"periodar": rapport_tilgang.tertialperiodar(user).order_by("-aar", "-til")},
        )
    aar = request.GET.get("aar", "")
    aar = tal.aar(aar, klokke.i_dag().year)
    tenester.sikre_periodar()  # the daily task makes them too; here in case it has not run
    periodar = list(Periode.objects.filter(aar=aar).order_by("til", "frist"))
    return render(
        request,
        "reporting/index.html",
        {
            "aar": aar,
            "periodar": periodar,
            "kan_styre": rapport_tilgang.kan_styre_periodar(user),
            "kan_importere": rapport_tilgang.kan_importere_okonomi(user),
            "tertialar": {p.pk for p in rapport_tilgang.tertialperiodar(user).filter(aar=aar)},
            "maanadsrapport": rapport_tilgang.les_alt(user) or bool(permissions.leia(user)),
        },
    )


@login_required
def reglar(request):
    """How often each category's oppdrag are reported and whether to the politicians; økonomi
    and administrators change them, every employee may read them."""
    if not rapport_tilgang.kan_sjaa(request.user):
        raise Http404
    kan_endre = rapport_tilgang.kan_styre_periodar(request.user)
    kategoriar = tenester.kategoriar_med_regel()
    form = ReglarForm(request.POST or None, kategoriar=kategoriar)
    if request.method == "POST":
        if not kan_endre:
            raise PermissionDenied
        if form.is_valid():
            n = tenester.lagre_reglar(form.verdiar())
            messages.success(request, ngettext("%(n)s rule changed.", "%(n)s rules changed.", n) % {"n": n})
            return redirect("reporting:reglar")
    return render(request, "reporting/reglar.html", {"form": form, "kan_endre": kan_endre})


@require_POST
@login_required
def generer(request):
    rapport_tilgang.krev_periodestyring(request.user)
    aar = request.POST.get("aar", "")
    aar = tal.aar(aar)
    if aar is None:
        messages.error(request, _("Give a year between 2000 and 2100."))
        return redirect("reporting:index")
    n = tenester.generer_periodar(aar)
    messages.success(request, ngettext("%(n)s period made.", "%(n)s periods made.", n) % {"n": n})
    return redirect(f"{reverse('reporting:index')}?aar={aar}")


@require_POST
@login_required
def opne_lukk(request, kode):
    rapport_tilgang.krev_periodestyring(request.user)
    periode = rapport_tilgang.periode_for(request.user, kode)
    try:
        tenester.opne_lukk(periode, stengd=request.POST.get("stengd") == "1")
    except tenester.Rapportfeil as feil:
        messages.error(request, str(feil))
    return redirect(f"{reverse('reporting:index')}?aar={periode.aar}")


def _radene(user, periode):
    qs = rapport_tilgang.omfang(user, tenester.oppdrag_i_perioden(periode))
    return qs.select_related("owner", "eining", "kategori").order_by("eining__path", "frist", "pk")


def _eining_i_omfang(request, kode):
    """The unit named by ?eining= (404 when unknown); None when none is asked for."""
    if not kode:
        return None
    return get_object_or_404(Eining.objects.aktive(), kode=kode)


@login_required
def periode(request, kode):
    """What this user reports (their own and their units') in the period, with deviations first;
    ?eining= narrows to a unit's subtree and ?maal= to a goal (the roll-up's drill-down)."""
    p = rapport_tilgang.periode_for(request.user, kode)
    qs = _radene(request.user, p)
    eining = _eining_i_omfang(request, request.GET.get("eining", ""))
    berre = eining is not None and request.GET.get("berre") == "1"
    if berre:
        qs = qs.filter(eining=eining)  # the roll-up's «its own» row: not the units below
    elif eining is not None:
        qs = qs.filter(i_subtre(eining, "eining"))
    eigar_meg = request.GET.get("eigar") == "meg"
    if eigar_meg:
        qs = qs.filter(owner=request.user)
    maal = tal.heiltal(request.GET.get("maal", ""), 0, 2**62)
    if maal == 0:
        qs = qs.filter(maal__isnull=True)
    elif maal is not None:
        qs = qs.filter(maal=maal)
    grunnlag = qs
    rapportar = Statusrapport.objects.filter(periode=p, oppdrag__in=qs)
    filt = request.GET.get("vis", "")
    if filt == "manglar":
        qs = qs.exclude(pk__in=rapportar.values("oppdrag_id"))
    elif filt in ("avvik", "raud", "gul"):
        avvik = rapportar.exclude(lys="gron") if filt == "avvik" else rapportar.filter(lys=filt)
        # red before yellow: the items that drive the colour come first
        qs = (
            qs.filter(pk__in=avvik.values("oppdrag_id"))
            .annotate(
                raud=Count(
                    "statusrapportar", filter=Q(statusrapportar__periode=p, statusrapportar__lys="raud")
                )
            )
            .order_by("-raud", "eining__path", "frist", "pk")
        )
    side = Paginator(tenester.med_sist_rapportert(qs), 50).get_page(request.GET.get("side"))
    per_oppdrag = {
        r.oppdrag_id: r for r in rapportar.filter(oppdrag__in=list(side)).select_related("rapportert_av")
    }
    flagga = set(
        tenester.utan_rapport_to_periodar(Oppdrag.objects.filter(pk__in=[o.pk for o in side])).values_list(
            "pk", flat=True
        )
    )
    # readers of everything see other units' rows too; only rows they may report get the link
    kan = set(
        rapport_tilgang.rapporterbare(
            request.user, Oppdrag.objects.filter(pk__in=[o.pk for o in side])
        ).values_list("pk", flat=True)
    )
    for o in side:
        o.rapport = per_oppdrag.get(o.pk)
        o.flagga = o.pk in flagga
        o.kan_rapportere = o.pk in kan
    teljing = rapportar.aggregate(alle=Count("pk"), avvik=Count("pk", filter=~Q(lys="gron")))
    laast = tenester.laast_av(p) if p.open else None
    opa = p.open and laast is None
    til_stadfesting = (
        tenester.utan_avvik(
            p, rapport_tilgang.avviksmodus_omfang(request.user, tenester.oppdrag_i_perioden(p))
        ).count()
        if opa
        else 0
    )
    totalt = grunnlag.count()
    return render(
        request,
        "reporting/periode.html",
        {
            "p": p,
            "side": side,
            "vis": filt,
            "eining": eining,
            "berre": berre,
            "maal": maal,
            "totalt": totalt,
            "rapporterte": teljing["alle"],
            "avvik": teljing["avvik"],
            "manglar": max(totalt - teljing["alle"], 0),
            "filtrert": eining is not None or maal is not None or eigar_meg,
            "eigar_meg": eigar_meg,
            "opa": opa,
            "laast": laast,
            "til_stadfesting": til_stadfesting,
        },
    )


def _milepaelar(oppdrag):
    """The oppdrag's milestones, read beside the report so the reporter sees what was due."""
    return list(oppdrag.milepaelar.select_related("ansvarleg_person", "ansvarleg_eining", "ansvarleg_organ"))


@login_required
def rapporter(request, kode, pk):
    p = rapport_tilgang.periode_for(request.user, kode)
    o = get_object_or_404(_radene(request.user, p), pk=pk)
    if not rapport_tilgang.kan_rapportere(request.user, o):
        raise PermissionDenied
    finst = Statusrapport.objects.filter(oppdrag=o, periode=p).select_related("rapportert_av").first()
    laast = tenester.laast_av(p)
    if not p.open or laast is not None:
        # nothing can be saved: show what was reported, not a form that would refuse
        return render(
            request,
            "reporting/rapport_vis.html",
            {
                "p": p,
                "o": o,
                "r": finst,
                "laast": laast,
                "milepaelar": _milepaelar(o),
                "logg": endringslogg(finst.history) if finst else [],
            },
        )
    form = StatusrapportForm(request.POST or None, instance=finst)
    if form.is_bound and form.is_valid():
        try:
            tenester.rapporter(
                o,
                p,
                user=request.user,
                versjon=form.cleaned_data["versjon"] or 0,  # none sent: a conflict if one exists
                **{k: form.cleaned_data[k] for k in ("status", "lys", "kommentar", "framdrift")},
            )
        except Konflikt as exc:
            vis_konflikt(form, exc)
        except tenester.Rapportfeil as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Reported: %(t)s.") % {"t": o.tittel})
            return redirect(p)
    return render(
        request,
        "reporting/rapporter.html",
        {
            "form": form,
            "o": o,
            "milepaelar": _milepaelar(o),
            # who reported what and when in this period, each change in words
            "logg": endringslogg(finst.history) if finst else [],
            "tittel": _("Report %(periode)s: %(t)s") % {"periode": p, "t": o.tittel},
            "avbryt": p.get_absolute_url(),
            "smular": [(reverse("reporting:index"), _("Reporting")), (p.get_absolute_url(), str(p))],
        },
    )


@require_POST
@login_required
def alt_i_rute(request, kode):
    """Deviation mode: confirm everything this user may report and has not reported as on track."""
    p = rapport_tilgang.periode_for(request.user, kode)
    qs = rapport_tilgang.avviksmodus_omfang(request.user, tenester.oppdrag_i_perioden(p))
    try:
        n = tenester.alt_anna_i_rute(p, qs, user=request.user)
    except tenester.Rapportfeil as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            ngettext("%(n)s assignment confirmed on track.", "%(n)s assignments confirmed on track.", n)
            % {"n": n},
        )
        att = qs.exclude(statusrapportar__periode=p).count()
        if att:
            messages.warning(
                request,
                ngettext(
                    "%(n)s assignment, delayed or past its deadline, was left for you to report.",
                    "%(n)s assignments, delayed or past their deadline, were left for you to report.",
                    att,
                )
                % {"n": att},
            )
    return redirect(p)


@login_required
def innlevering(request, kode):
    """Who has reported in the period and who has not, per owner, for what the user may read."""
    p = rapport_tilgang.periode_for(request.user, kode)
    qs = _radene(request.user, p)
    rader = (
        qs.values("owner", "owner__namn", "eining", "eining__namn")
        .annotate(
            alle=Count("pk", distinct=True),
            rapportert=Count("statusrapportar", filter=Q(statusrapportar__periode=p), distinct=True),
        )
        .order_by("eining__namn", "owner__namn")
    )
    side = Paginator(rader, 100).get_page(request.GET.get("side"))
    return render(request, "reporting/innlevering.html", {"p": p, "side": side})
