import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from alver import permissions
from alver.lib import tal
from alver.permissions import Rolle
from verksemdsplan import permissions as oppdrag_tilgang
from verksemdsplan.models import Oppdrag

from . import permissions as rapport_tilgang
from . import services as tenester
from .forms import StatusrapportForm
from .models import Periode, Statusrapport

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
    }
    if oppdrag_tilgang.kan_lese(user):
        i_dag = timezone.localdate()
        mine = Oppdrag.objects.aktive().opne().filter(owner=user).select_related("eining", "kategori")
        ctx |= {
            "i_dag": i_dag,
            # new assignments have no deadline yet: they come first, to be given one
            "nye": _liste(
                mine.filter(created_at__gte=timezone.now() - datetime.timedelta(days=14)).order_by(
                    "-created_at", "-pk"
                )
            ),
            "mine": _liste(mine.order_by(F("frist").asc(nulls_first=True), "-pk")),
            "forseinka": _liste(mine.filter(frist__lt=i_dag).order_by("frist", "pk")),
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
        # what I must report in the open periods (my own oppdrag not yet reported)
        opne = list(Periode.objects.filter(open=True).order_by("frist")[:3])
        ctx["aa_rapportere"] = [
            (p, tenester.oppdrag_i_perioden(p).filter(owner=user).exclude(statusrapportar__periode=p).count())
            for p in opne
        ]
        if permissions.har_rolle(user, Rolle.KOMMUNEDIREKTOR, Rolle.KOMMUNALSJEF):
            # the leaders who quality-assure the thread see what lacks a goal link in their units
            ctx["utan_kopling_einingar"] = _liste(
                Oppdrag.objects.aktive()
                .opne()
                .utan_kopling()
                .filter(permissions.i_leia_einingar(user, "eining__path"), parent__isnull=True)
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


# --- rapportering -----------------------------------------------------------------------------


@login_required
def index(request):
    """The year's periods with deadlines, open or closed; økonomi generates, opens and closes."""
    if not rapport_tilgang.kan_sjaa(request.user):
        raise Http404
    aar = request.GET.get("aar", "")
    aar = tal.aar(aar, timezone.localdate().year)
    return render(
        request,
        "reporting/index.html",
        {
            "aar": aar,
            "periodar": Periode.objects.filter(aar=aar).order_by("til", "type"),
            "kan_styre": rapport_tilgang.kan_styre_periodar(request.user),
        },
    )


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
    periode.open = not periode.open
    periode._change_reason = _("Opened") if periode.open else _("Closed")
    periode.save()
    return redirect(f"{reverse('reporting:index')}?aar={periode.aar}")


def _radene(user, periode):
    qs = rapport_tilgang.omfang(user, tenester.oppdrag_i_perioden(periode))
    return qs.select_related("owner", "eining", "kategori").order_by("eining__path", "frist", "pk")


@login_required
def periode(request, kode):
    """What this user reports (their own and their units') in the period, with deviations first."""
    p = rapport_tilgang.periode_for(request.user, kode)
    qs = _radene(request.user, p)
    rapportar = Statusrapport.objects.filter(periode=p, oppdrag__in=qs)
    filt = request.GET.get("vis", "")
    if filt == "manglar":
        qs = qs.exclude(pk__in=rapportar.values("oppdrag_id"))
    elif filt == "avvik":
        qs = qs.filter(pk__in=rapportar.exclude(lys="gron").values("oppdrag_id"))
    side = Paginator(qs, 50).get_page(request.GET.get("side"))
    per_oppdrag = {
        r.oppdrag_id: r for r in rapportar.filter(oppdrag__in=list(side)).select_related("rapportert_av")
    }
    for o in side:
        o.rapport = per_oppdrag.get(o.pk)
    tal = rapportar.aggregate(alle=Count("pk"), avvik=Count("pk", filter=~Q(lys="gron")))
    totalt = _radene(request.user, p).count()
    return render(
        request,
        "reporting/periode.html",
        {
            "p": p,
            "side": side,
            "vis": filt,
            "totalt": totalt,
            "rapporterte": tal["alle"],
            "avvik": tal["avvik"],
            "manglar": totalt - tal["alle"],
        },
    )


@login_required
def rapporter(request, kode, pk):
    p = rapport_tilgang.periode_for(request.user, kode)
    o = get_object_or_404(_radene(request.user, p), pk=pk)
    if not rapport_tilgang.kan_rapportere(request.user, o):
        raise PermissionDenied
    finst = Statusrapport.objects.filter(oppdrag=o, periode=p).first()
    form = StatusrapportForm(request.POST or None, instance=finst)
    if form.is_bound and form.is_valid():
        try:
            tenester.rapporter(
                o,
                p,
                user=request.user,
                **{k: form.cleaned_data[k] for k in ("status", "lys", "kommentar", "framdrift")},
            )
        except tenester.Rapportfeil as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Reported: %(t)s.") % {"t": o.tittel})
            return redirect(p)
    return render(
        request,
        "skjema.html",
        {
            "form": form,
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
    qs = rapport_tilgang.rapporterbare(request.user, tenester.oppdrag_i_perioden(p))
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
    return redirect(p)


@login_required
def innlevering(request, kode):
    """Who has reported in the period and who has not, per owner, for what the user may read."""
    p = rapport_tilgang.periode_for(request.user, kode)
    qs = _radene(request.user, p)
    rader = (
        qs.values("owner__namn", "eining__namn")
        .annotate(
            alle=Count("pk", distinct=True),
            rapportert=Count("statusrapportar", filter=Q(statusrapportar__periode=p), distinct=True),
        )
        .order_by("eining__namn", "owner__namn")
    )
    side = Paginator(rader, 100).get_page(request.GET.get("side"))
    return render(request, "reporting/innlevering.html", {"p": p, "side": side})
