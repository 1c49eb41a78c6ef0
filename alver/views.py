import logging
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from alver.lib.sortering import norsk

from . import auth, lenkjer, permissions, services, sso
from .forms import (
    GloymtPassordForm,
    ImportForm,
    KommuneprofilForm,
    LeiarForm,
    LoginForm,
    NyttPassordForm,
    PassordEndringForm,
    ProfilForm,
    SpraakForm,
    VarselvalForm,
)
from .lib.historikk import endringslogg
from .lib.importering import Importfeil, les_fil
from .lib.samtidig import Konflikt, vis_konflikt
from .lib.tekst import norsk_sortering
from .lib.tre import i_subtre
from .models import Eining, Kommuneprofil, OrgImport, User, Varsel

SOK_GRENSE = 100

log_innlogging = logging.getLogger("alver.innlogging")


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "alver/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not settings.LOKALT_PASSORD:
            raise PermissionDenied  # the form is not offered; only single sign-on lets people in
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sso_paa=sso.paa(), sso_namn=settings.OIDC_NAMN, lokalt_passord=settings.LOKALT_PASSORD, **kwargs
        )


# What a refused single sign-on says: never which check failed beyond what helps the person.
SSO_MELDINGAR = {
    "ukjend": gettext_lazy("Alver has no account for you. Ask an administrator to add you."),
    "utan-epost": gettext_lazy("Alver has no account for you. Ask an administrator to add you."),
    "inaktiv": gettext_lazy("This account is no longer active."),
    "kopla-til-anna": gettext_lazy(
        "The account with your e-mail address is linked to another single sign-on identity. "
        "Ask an administrator to remove that link."
    ),
}


def _sso_neste(request, neste):
    if neste and url_has_allowed_host_and_scheme(neste, {request.get_host()}, request.is_secure()):
        return neste
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def sso_start(request):
    """Off to the provider's login; back at `sso_svar`."""
    if not sso.paa():
        raise Http404
    request.session["sso_neste"] = _sso_neste(request, request.GET.get("next", ""))
    try:
        return sso.start(request, settings.ALVER_URL + reverse("alver:sso_svar"))
    except sso.SsoFeil as feil:
        sso.log.warning("single sign-on could not start: %s", feil.grunn)
        messages.error(request, _("Single sign-on is not available just now. Try again in a while."))
        return redirect("alver:login")


def sso_svar(request):
    """The provider sends the browser back here with a code; log the person in, or say no."""
    if not sso.paa():
        raise Http404
    try:
        user = services.kople_sso(settings.OIDC_ISSUER, sso.svar(request))
    except sso.SsoFeil as feil:
        sso.log.warning("single sign-on refused: %s", feil.grunn)
        messages.error(
            request, _("Single sign-on failed. Try again; ask an administrator if it keeps failing.")
        )
        return redirect("alver:login")
    except services.SsoAvvist as avvist:
        sso.log.warning("single sign-on refused: %s", avvist.grunn)
        melding = SSO_MELDINGAR.get(avvist.grunn) or _(
            "Single sign-on failed. Try again; ask an administrator if it keeps failing."
        )
        messages.error(request, melding)
        return redirect("alver:login")
    neste = request.session.pop("sso_neste", None) or resolve_url(settings.LOGIN_REDIRECT_URL)
    auth_login(request, user, backend=sso.BACKEND)
    sso.log.info("single sign-on: user %s logged in", user.pk)
    return redirect(neste)


def _krev_lesing(user):
    if not permissions.kan_lese_organisasjon(user):
        raise Http404


# the levels the tree page shows at once (the kommune, its sectors and their service areas),
# as long as they are no more than TRE_MAKS units; a unit on the last level shown opens the
# units below it on demand, so the page does not grow with the organisation (Oslo's sectors
# hold 220 service areas: there the sectors open on demand)
TRE_DJUPN = 3
TRE_MAKS = 100


def _einingar(vis_nedlagde):
    qs = Eining.objects.select_related("leiar").only(
        "path", "depth", "numchild", "namn", "kode", "type", "gyldig_fra", "gyldig_til", "leiar__namn"
    )
    return qs if vis_nedlagde else qs.aktive()


@login_required
def organisasjon(request):
    _krev_lesing(request.user)
    vis_nedlagde = request.GET.get("nedlagde") == "1"
    q = request.GET.get("q", "").strip()
    einingar = _einingar(vis_nedlagde)
    ctx = {
        "q": q,
        "vis_nedlagde": vis_nedlagde,
        "tal_einingar": einingar.count(),
        "kan_endre": permissions.kan_endre_organisasjon(request.user),
        "kan_invitere": permissions.kan_invitere(request.user),
        "kan_endre_kommuneprofil": permissions.kan_endre_kommuneprofil(request.user),
    }
    if q:
        ctx["treff"], ctx["tal_treff"] = _sok(einingar, q)
    else:
        ctx["noder"] = _flat_tre(*_tre_nivaa(einingar), einingar)
    # htmx swaps in only the results; its history restore (back button) needs the whole page
    delvis = request.htmx and not request.htmx.history_restore_request
    ctx["delvis"] = delvis
    response = render(
        request, "alver/partials/organisasjon_innhald.html" if delvis else "alver/organisasjon.html", ctx
    )
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
def eining_born(request, kode):
    """The units right below a unit, for the tree page's on-demand levels (htmx swaps them into
    the unit's opened level); each opens its own units below the same way."""
    _krev_lesing(request.user)
    vis_nedlagde = request.GET.get("nedlagde") == "1"
    einingar = _einingar(vis_nedlagde)
    forelder = get_object_or_404(einingar, kode=kode)
    born = list(einingar.filter(path__startswith=forelder.path, depth=forelder.depth + 1))
    return render(
        request,
        "alver/partials/tre.html",
        {"noder": _flat_tre(born, forelder.depth + 1, einingar), "vis_nedlagde": vis_nedlagde, "under": True},
    )


def _tre_nivaa(einingar):
    """(units, depth): the top levels, down to TRE_DJUPN or as deep as TRE_MAKS units allow,
    in one query. Read by depth, a level is whole when the next level's first unit was read."""
    vist = list(einingar.filter(depth__lte=TRE_DJUPN).order_by("depth", "path")[: TRE_MAKS + 1])
    djupn = TRE_DJUPN
    while len(vist) > TRE_MAKS and djupn > 1:
        djupn -= 1
        vist = [e for e in vist if e.depth <= djupn]
    return vist, djupn


def _born_tal(einingar, djupn):
    """{path: how many units right below it} for the units at `djupn`, in one query."""
    steg = Eining.steplen * djupn
    return dict(
        einingar.filter(depth=djupn + 1)
        .order_by()
        .annotate(forelder=Substr("path", 1, steg))
        .values("forelder")
        .annotate(n=Count("pk"))
        .values_list("forelder", "n")
    )


def _flat_tre(einingar, djupn, alle):
    """The tree as a flat list the template walks without recursion: each node says how
    many levels close after it. Parents come before their children;
    siblings are shown by name. Units on `djupn`, the last level read, say how many units are
    below them (`alle`, the units shown, counted in one query) and open them on demand."""
    sti = {e.path for e in einingar}
    born = {}
    rotar = []
    for e in einingar:
        forelder = e.path[: -Eining.steplen]
        if forelder in sti:
            born.setdefault(forelder, []).append(e)
        else:
            rotar.append(e)  # the top, or a unit whose parent is closed and hidden
    under = _born_tal(alle, djupn)
    ut = []

    def gaa(e, djupn_vist):
        barn = sorted(born.get(e.path, []), key=lambda b: norsk_sortering(b.namn))
        e.visnings_djupn, e.born_tal, e.hent = djupn_vist, len(barn), False
        if e.depth == djupn:
            e.born_tal, e.hent = under.get(e.path, 0), bool(under.get(e.path))
        e.lukk = 0
        ut.append(e)
        for b in barn:
            gaa(b, djupn_vist + 1)
        if barn:
            ut[-1].lukk += 1

    for r in sorted(rotar, key=lambda r: (r.path[: -Eining.steplen], norsk_sortering(r.namn))):
        gaa(r, 0)
    # one reverse() for the page instead of one per unit
    url_mal = reverse("alver:eining", args=["KODE"])
    born_mal = reverse("alver:eining_born", args=["KODE"])
    for e in ut:
        e.lukk_range = range(e.lukk)
        e.url = url_mal.replace("KODE", quote(e.kode))
        e.born_url = born_mal.replace("KODE", quote(e.kode))
    return ut


def _sok(einingar, q):
    """The units whose name or leader's name holds `q`, or whose code is it: the first
    SOK_GRENSE in tree order with the names of the units above them, and how many in all;
    three queries however large the organisation."""
    treff = einingar.filter(Q(namn__icontains=q) | Q(kode__iexact=q) | Q(leiar__namn__icontains=q)).order_by(
        "path"
    )
    vist = list(treff[:SOK_GRENSE])
    over = {e.path[: i * Eining.steplen] for e in vist for i in range(1, e.depth)}
    namn_etter_sti = dict(Eining.objects.filter(path__in=over).values_list("path", "namn")) if over else {}
    for e in vist:
        e.stig = [
            namn_etter_sti[e.path[: i * Eining.steplen]]
            for i in range(1, e.depth)
            if e.path[: i * Eining.steplen] in namn_etter_sti
        ]
    return vist, treff.count()


@login_required
def eining(request, kode, leiar_form=None):
    _krev_lesing(request.user)
    eining = get_object_or_404(Eining.objects.select_related("leiar"), kode=kode)
    kan_endre_leiar = permissions.kan_endre_leiar(request.user) and not eining.nedlagd
    if kan_endre_leiar and leiar_form is None:
        leiar_form = LeiarForm(eining=eining)
    forfedrar = Eining.objects.filter(
        path__in=[eining.path[: i * Eining.steplen] for i in range(1, eining.depth)]
    ).order_by("depth")
    underordna = (
        Eining.objects.filter(i_subtre(eining), depth=eining.depth + 1)
        .select_related("leiar")
        .order_by(norsk("namn"))
    )
    if request.GET.get("nedlagde") != "1":
        underordna = underordna.aktive()
    tilsette = Paginator(eining.tilsette.filter(is_active=True).order_by(norsk("namn")), 50).get_page(
        request.GET.get("side")
    )
    return render(
        request,
        "alver/eining.html",
        {
            "eining": eining,
            "forfedrar": forfedrar,
            "underordna": underordna,
            "tilsette": tilsette,
            "logg": endringslogg(eining.history)
            if permissions.kan_sjaa_historikk(request.user, eining)
            else None,
            "kan_endre_i_admin": permissions.kan_endre_i_admin(request.user),
            "leiar_form": leiar_form if kan_endre_leiar else None,
        },
    )


@require_POST
@login_required
def eining_leiar(request, kode):
    """HR or an administrator names a unit's new leader (with a reason); what the old leader
    owned is offered to the new one by the apps that listen to `leiar_endra`."""
    permissions.krev_endring_av_organisasjon(request.user)
    eining_ = get_object_or_404(Eining.objects.select_related("leiar"), kode=kode)
    if eining_.nedlagd:
        raise Http404
    form = LeiarForm(request.POST, eining=eining_)
    if form.is_valid():
        gammal_pk = form.cleaned_data["gammal"]
        try:
            services.sett_leiar(
                eining_,
                form.cleaned_data["leiar"],
                user=request.user,
                grunn=form.cleaned_data["grunn"],
                forventa=User.objects.filter(pk=gammal_pk).first() if gammal_pk else None,
            )
        except services.Leiarfeil as exc:
            # after a conflict the form carries the leader as it is now, so saving again is a choice
            data = form.data.copy()
            data["gammal"] = Eining.objects.filter(pk=eining_.pk).values_list("leiar_id", flat=True).first()
            form.data = data
            form.add_error(exc.felt if exc.felt in form.fields else None, str(exc))
        else:
            messages.success(
                request,
                _("%(namn)s is now the leader of %(eining)s.")
                % {"namn": form.cleaned_data["leiar"].namn, "eining": eining_.namn},
            )
            return redirect(eining_)
    # what was typed stays, with the message by its field
    return eining(request, kode, leiar_form=form)


@login_required
def person(request, pk):
    _krev_lesing(request.user)
    person = get_object_or_404(User.objects.select_related("eining"), pk=pk, is_active=True)
    return render(
        request,
        "alver/person.html",
        {
            "person": person,
            "leiar_for": permissions.leia_einingar(person).order_by("path"),
            "roller": permissions.roller_i_rekkjefolgje(person),
            "kan_invitere": permissions.kan_invitere(request.user) and not person.has_usable_password(),
            "logg": endringslogg(person.history)
            if person == request.user or permissions.kan_sjaa_historikk(request.user, person.eining)
            else None,
        },
    )


@login_required
def profil(request, varselval_form=None):
    # the language form posts here; the notification choices post to their own address
    form = ProfilForm(
        request.POST if request.method == "POST" and varselval_form is None else None, instance=request.user
    )
    if form.is_valid():
        services.lagre_profil(form.instance)
        if request.user.spraak:
            translation.activate(request.user.spraak)  # confirm in the language just chosen
        messages.success(request, _("Your profile is saved."))
        return redirect("alver:profil")
    return render(
        request,
        "alver/profil.html",
        {
            "form": form,
            "varselval_form": varselval_form or VarselvalForm(val=services.varselval(request.user)),
            "roller": permissions.roller_i_rekkjefolgje(request.user),
            "leiar_for": permissions.leia_einingar(request.user).order_by("path"),
            "lokalt_passord": permissions.passord_i_bruk(),
        },
    )


@require_POST
@login_required
def profil_varsel(request):
    """Save the user's own choice of how each kind of notification is e-mailed."""
    form = VarselvalForm(request.POST, val=services.varselval(request.user))
    if not form.is_valid():
        return profil(request, varselval_form=form)
    services.lagre_varselval(request.user, form.cleaned_data)
    messages.success(request, _("Your e-mail choices are saved."))
    return redirect(reverse("alver:profil") + "#varsel")


@require_POST
def spraak(request):
    """Switch language; works for visitors (cookie) and is remembered for logged-in users."""
    form = SpraakForm(request.POST)
    neste = request.POST.get("neste") or "/"
    # a path on this site only: redirect() would take «neste» without a slash for a view name
    # (a 500 when there is none), and a full URL could lead elsewhere
    if not neste.startswith("/") or not url_has_allowed_host_and_scheme(
        neste, {request.get_host()}, request.is_secure()
    ):
        neste = "/"
    response = HttpResponseRedirect(neste)
    if form.is_valid():
        kode = form.cleaned_data["spraak"]
        if request.user.is_authenticated:
            services.set_spraak(request.user, kode)
        response.set_cookie("django_language", kode, max_age=365 * 24 * 3600, samesite="Lax")
    return response


@login_required
def importer(request):
    permissions.krev_endring_av_organisasjon(request.user)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if form.is_bound and form.is_valid():
        try:
            filer, einingrader, personrader = [], [], []
            if f := form.cleaned_data.get("einingar"):
                einingrader = les_fil(f.name, f.read(), services.EINING_KOLONNER, services.EINING_PAAKRAVD)
                filer.append(f.name)
            if f := form.cleaned_data.get("personar"):
                personrader = les_fil(f.name, f.read(), services.PERSON_KOLONNER, services.PERSON_PAAKRAVD)
                filer.append(f.name)
        except Importfeil as exc:
            form.add_error(None, str(exc))
        else:
            orgimport = services.lagre_forhandsvising(
                request.user, ", ".join(filer), einingrader, personrader
            )
            return redirect("alver:import_forhandsvis", pk=orgimport.pk)
    return render(
        request,
        "alver/import.html",
        {
            "form": form,
            "tidlegare": OrgImport.objects.select_related("created_by")[:10],
        },
    )


@login_required
def import_forhandsvis(request, pk):
    permissions.krev_endring_av_organisasjon(request.user)
    orgimport = get_object_or_404(OrgImport, pk=pk)
    plan = None
    if orgimport.status == OrgImport.Status.FORHANDSVIST:
        plan = services.planlegg(orgimport.einingar, orgimport.personar)
    return render(
        request,
        "alver/import_forhandsvis.html",
        {"orgimport": orgimport, "plan": plan, "kan_invitere": permissions.kan_invitere(request.user)},
    )


@require_POST
@login_required
def import_gjennomfoer(request, pk):
    permissions.krev_endring_av_organisasjon(request.user)
    orgimport = get_object_or_404(OrgImport, pk=pk)
    try:
        plan = services.gjennomfoer_import(orgimport, user=request.user)
    except Importfeil as exc:
        messages.error(request, str(exc))
    except IntegrityError:
        # someone changed the organisation in the same moment; nothing of this import was saved
        messages.error(
            request,
            _(
                "The organisation was changed by someone else just now. Nothing was saved; "
                "apply the import again."
            ),
        )
    else:
        messages.success(
            request,
            _("Import applied: %(ne)d new and %(ee)d changed units, %(np)d new and %(ep)d changed people.")
            % {
                "ne": len(plan.nye_einingar),
                "ee": len(plan.endra_einingar),
                "np": len(plan.nye_personar),
                "ep": len(plan.endra_personar),
            },
        )
    return redirect("alver:import_forhandsvis", pk=orgimport.pk)


# --- notifications: each person sees only their own ---------------------------------------


def _trygg_lenkje(request, url, reserve):
    """`url` if it stays within Alver, else `reserve` (a notification's link is relative by
    construction; this keeps the redirect from ever leaving the site)."""
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return reserve


@login_required
def varsel(request):
    """All my notifications, newest first, the unread marked."""
    side = Paginator(Varsel.objects.filter(mottakar=request.user).order_by("-pk"), 50).get_page(
        request.GET.get("side")
    )
    return render(
        request,
        "alver/varsel.html",
        {"side": side, "uleste": Varsel.objects.filter(mottakar=request.user, lest_at__isnull=True).count()},
    )


@require_POST
@login_required
def varsel_opne(request, pk):
    """Open a notification: marked read, then on to what it is about. Another's is not found."""
    v = get_object_or_404(Varsel, pk=pk, mottakar=request.user)
    services.merk_lest(v)
    return redirect(_trygg_lenkje(request, v.url, reverse("alver:varsel")))


@require_POST
@login_required
def varsel_alle_lest(request):
    """Mark all my notifications read, then back to the page the button was on."""
    n = services.merk_alle_lest(request.user)
    if n:
        messages.success(request, _("All notifications are marked as read."))
    return redirect(_trygg_lenkje(request, request.POST.get("neste"), reverse("alver:varsel")))


@login_required
def kommuneprofil(request):
    """The letterhead every letter and report prints: name, place, address, footer, coat of
    arms. Administrators only; a GET changes nothing (a missing row is shown, not made)."""
    permissions.krev_endring_av_kommuneprofil(request.user)
    if request.method == "POST":
        profil = Kommuneprofil.hent()
        form = KommuneprofilForm(request.POST, request.FILES, instance=profil)
        if form.is_valid():
            fil = form.cleaned_data.get("vaapen_fil")
            try:
                services.lagre_kommuneprofil(
                    form.instance,
                    form.cleaned_data.get("versjon") or 0,
                    vaapen=form.endra_vaapen(),
                    vaapen_namn=request.FILES["vaapen_fil"].name if fil else "",
                )
            except Konflikt as k:
                vis_konflikt(form, k)
            else:
                messages.success(request, _("The kommune's letterhead is saved."))
                return redirect("alver:kommuneprofil")
        # the form's instance holds what was typed; show the coat of arms as it is stored
        profil = Kommuneprofil.objects.filter(pk=1).first() or profil
    else:
        profil = Kommuneprofil.objects.filter(pk=1).first() or Kommuneprofil(pk=1)
        form = KommuneprofilForm(instance=profil)
    return render(
        request,
        "alver/kommuneprofil.html",
        {
            "form": form,
            "profil": profil,
            "logg": endringslogg(profil.history),
        },
    )


# --- passwords: change, «forgot», invitation --------------------------------------------


@login_required
def passord(request):
    """Change one's own password (linked from the profile). Someone who has none yet (imported,
    or signed in some other way) sets one without the old."""
    if not permissions.passord_i_bruk():
        raise Http404
    har = request.user.has_usable_password()
    skjema = PassordEndringForm if har else NyttPassordForm
    form = skjema(request.user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)  # stay logged in here, out everywhere else
        log_innlogging.info("User %s changed their password", request.user.pk)
        messages.success(request, _("Your password is changed."))
        return redirect("alver:profil")
    return render(request, "alver/passord.html", {"form": form, "har_passord": har})


class KrevPassordMixin:
    """These pages are gone while local passwords are off (single sign-on only)."""

    def dispatch(self, request, *args, **kwargs):
        if not permissions.passord_i_bruk():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class GloymtPassordView(KrevPassordMixin, auth_views.PasswordResetView):
    """«Forgot your password?»: the same answer whether the address is known or not, and
    whether the mail went or not (a difference would tell who has an account)."""

    form_class = GloymtPassordForm
    template_name = "alver/gloymt_passord.html"

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if auth.kan_sende_lenkje(email):
            for user in form.get_users(email):
                services.send_passordlenkje(user, "reset")
        return redirect("alver:gloymt_passord_sendt")


def gloymt_passord_sendt(request):
    if not permissions.passord_i_bruk():
        raise Http404
    return render(
        request, "alver/gloymt_passord_sendt.html", {"PASSORD_LENKJE_TIMAR": settings.PASSORD_LENKJE_TIMAR}
    )


class NyttPassordView(KrevPassordMixin, auth_views.PasswordResetConfirmView):
    """The page a one-time link opens: choose a password, then log in with it."""

    form_class = NyttPassordForm
    token_generator = lenkjer.reset
    template_name = "alver/nytt_passord.html"
    invitasjon = False

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, invitasjon=self.invitasjon)

    def form_valid(self, form):
        form.save()
        auth.nullstill(self.request, self.user.email)  # a locked-out person may log in at once
        log_innlogging.info(
            "User %s set a password from a %s link", self.user.pk, self.token_generator.key_salt
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        messages.success(
            self.request, _("Your password is set. Log in with your e-mail address and the new password.")
        )
        return redirect("alver:login")


class InvitasjonView(NyttPassordView):
    token_generator = lenkjer.invitasjon
    invitasjon = True


@require_POST
@login_required
def inviter(request, pk):
    """E-mail a person who has no password a one-time link to set one (HR, administrators)."""
    if not permissions.passord_i_bruk():
        raise Http404
    permissions.krev_invitering(request.user)
    person = get_object_or_404(User, pk=pk, is_active=True)
    if person.has_usable_password():
        messages.info(
            request,
            _("%(namn)s has a password already, and can use «Forgot your password?».")
            % {"namn": person.namn},
        )
    else:
        services.inviter(person)
        messages.success(request, _("An invitation is sent to %(epost)s.") % {"epost": person.email})
    return redirect(person)


@login_required
def invitasjonar(request):
    """Everyone an HR import left without a way in, and one button to invite them all."""
    if not permissions.passord_i_bruk():
        raise Http404
    permissions.krev_invitering(request.user)
    if request.method == "POST":
        tal = services.inviter_alle(request.user)
        if tal:
            messages.success(
                request,
                ngettext(
                    "%(n)d person will get an invitation by e-mail in a moment.",
                    "%(n)d people will get an invitation by e-mail in a moment.",
                    tal,
                )
                % {"n": tal},
            )
        else:
            messages.info(request, _("Everyone without a password has a valid invitation already."))
        return redirect("alver:invitasjonar")
    personar = services.utan_passord_ikkje_invitert().select_related("eining").order_by(norsk("namn"), "pk")
    return render(
        request,
        "alver/invitasjonar.html",
        {
            "tal": personar.count(),
            "personar": personar[:VIS_UTAN_PASSORD],
            "vis": VIS_UTAN_PASSORD,
            "dagar": settings.INVITASJON_GYLDIG_DAGAR,
        },
    )


VIS_UTAN_PASSORD = 100  # names listed; the button invites them all
