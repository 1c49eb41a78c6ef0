"""The oppdragsbrev: making a letter (from the parent unit's letter, guidance beside it), saving its text
(Markdown made into sanitised HTML), the workflow, published versions and their comparison."""

import datetime
import hashlib
import json
import uuid
from collections import defaultdict

import markdown
import nh3
from celery import current_app
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone, translation
from django.utils.dateformat import format as dato_format
from django.utils.translation import gettext as _

from alver.lib import klokke, tre
from alver.lib.historikk import endringslogg, grunnkode
from alver.lib.oppgaver import etter_commit
from alver.lib.pdf import lag_pdf
from alver.lib.samtidig import lagre_versjonert
from alver.lib.sortering import norsk
from alver.lib.tekst import orddiff
from alver.lib.tre import i_subtre
from alver.models import Eining, User
from alver.services import merk_handsama, varsle
from plans.models import Maal

from .models import Brevmal, Brevseksjon, Brevversjon, Oppdrag, Oppdragsbrev, Tema

TAGGAR = {"h3", "h4", "p", "ul", "ol", "li", "strong", "em", "a", "br", "blockquote"}


class Brevfeil(Exception):
    """The step cannot be taken; the message says why in the user's language."""


def til_html(tekst):
    """Markdown to HTML that holds only headings, paragraphs, lists, emphasis and links.
    Headings start at level 3: the letter's own title and the section headings come first."""
    html = markdown.markdown(tekst or "", extensions=["sane_lists"], output_format="html")
    html = (
        html.replace("<h1>", "<h3>")
        .replace("</h1>", "</h3>")
        .replace("<h2>", "<h3>")
        .replace("</h2>", "</h3>")
    )
    return nh3.clean(
        html,
        tags=TAGGAR,
        attributes={"a": {"href"}},
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer",
    )


def forelder_brev(eining, aar):
    """The parent unit's letter for the year, if any: what a unit's letter is based on. The
    top (overordna) letter has none."""
    if eining.depth <= 1:
        return None
    return (
        Oppdragsbrev.objects.filter(eining__path=eining.path[: -eining.steplen], aar=aar)
        .select_related("eining")
        .first()
    )


def naermaste_publiserte(eining, aar):
    """The nearest letter above the unit for the year that has been published (a version)."""
    return (
        Oppdragsbrev.objects.filter(eining__path__in=tre.over(eining), aar=aar)
        .filter(Exists(Brevversjon.objects.filter(brev=OuterRef("pk"))))
        .select_related("eining")
        .order_by("-eining__depth")
        .first()
    )


def grunnlag(eining, aar):
    """What a new letter for the unit can be based on: (the parent unit's letter or None, the
    nearest published letter above or None). The second is only looked for when the parent
    has no letter: then the writer chooses to start from it, or waits — never silently."""
    forelder = forelder_brev(eining, aar)
    if forelder is not None or eining.depth <= 1:
        return forelder, None
    return None, naermaste_publiserte(eining, aar)


@transaction.atomic
def lag_brev(eining, aar, *, user, basert_paa=None):
    """A new draft with one empty section per theme (the guidance is shown beside a section,
    never copied into it). Below the top it is based on the parent unit's letter; when the
    parent has none, only on the nearest published letter above, chosen explicitly by its pk
    (`basert_paa`, checked here: a form's value is not trusted)."""
    if (brev := Oppdragsbrev.objects.filter(eining=eining, aar=aar).first()) is not None:
        return brev
    forelder, naermaste = grunnlag(eining, aar)
    grunn = forelder if forelder is not None or eining.depth <= 1 else naermaste
    if forelder is None and eining.depth > 1 and basert_paa is None:
        raise Brevfeil(
            _(
                "%(eining)s has no assignment letter for %(aar)s yet. Start from the nearest published "
                "letter above, as offered on the page, or wait until it is made."
            )
            % {"eining": Eining.objects.get_parent(eining).namn, "aar": aar}
        )
    if basert_paa is not None and (grunn is None or basert_paa != grunn.pk):
        # a forged value, or the page was out of date (the parent's letter was made meanwhile)
        raise Brevfeil(_("The letter cannot be based on that letter; open the page again and choose."))
    brev, laga = Oppdragsbrev.objects.get_or_create(
        eining=eining,
        aar=aar,
        defaults={
            "basert_paa": grunn,
            "status_av": user,
            "status_at": klokke.no(),
            "sist_endra_av": user,
        },
    )
    if laga:
        Brevseksjon.objects.bulk_create(Brevseksjon(brev=brev, tema=t) for t in Tema.objects.all())
    return brev


def normalisert(tekst):
    return (tekst or "").replace("\r\n", "\n").strip()


def rettleiing(brev):
    """{theme id: Brevmal} for a letter below the top; the top letter has no guidance (it is
    written for the units' letters)."""
    if brev.eining.depth <= 1:
        return {}
    return {m.tema_id: m for m in Brevmal.objects.all()}


def tomme_paakravde(brev):
    """The names of the required themes whose section is empty: no text, or only the guidance
    itself (copied in before guidance stopped being copied). Publishing is refused while any."""
    malar = {t: normalisert(m.rettleiing) for t, m in rettleiing(brev).items() if m.paakravd}
    if not malar:
        return []
    return [
        str(s.tema)
        for s in brev.seksjonar.select_related("tema").filter(tema_id__in=malar)
        if normalisert(s.tekst) in ("", malar[s.tema_id])
    ]


class Malkonflikt(Exception):
    """Someone else saved guidance for these themes meanwhile: {theme id: the fresh Brevmal}."""

    def __init__(self, ferske):
        super().__init__("stale guidance")
        self.ferske = ferske


@transaction.atomic
def lagre_malar(verdiar):
    """Save the guidance of many themes at once: {theme id: (guidance, required, version)}.
    Each Brevmal is version-checked (row locked) before anything is saved, so a refusal names
    every theme someone else changed and saves none (a theme whose row the form did not have
    is sent as version 0, so one made meanwhile counts too); one that is missing is made."""
    malar = {m.tema_id: m for m in Brevmal.objects.select_for_update().filter(tema_id__in=verdiar)}
    konflikt = {
        t: m
        for t, m in malar.items()
        if m.versjon != verdiar[t][2] and (m.rettleiing, m.paakravd) != verdiar[t][:2]
    }
    if konflikt:
        raise Malkonflikt(konflikt)
    for t, (tekst, paakravd, _versjon) in verdiar.items():
        m = malar.get(t)
        if m is None:
            if tekst or paakravd:
                m = Brevmal(tema_id=t, rettleiing=tekst, paakravd=paakravd)
                m._change_reason = grunnkode("Guidance changed")
                m.save()
        elif (m.rettleiing, m.paakravd) != (tekst, paakravd):
            m.rettleiing, m.paakravd = tekst, paakravd
            m.versjon += 1
            m._change_reason = grunnkode("Guidance changed")
            m.save()


@transaction.atomic
def lagre_tekst(brev, versjon, seksjonar, *, offentleg, user, grunn=None):
    """Save the sections ({section id: (text, with units below)}); a published letter goes back
    to draft, and its published version stays readable until the next is published. The
    letter and its changed sections share one history time, so the change log can show the
    words that changed with the save that changed them."""
    if brev.status in (Oppdragsbrev.Status.TIL_GODKJENNING, Oppdragsbrev.Status.GODKJENT):
        raise Brevfeil(_("The letter is awaiting approval or approved; send it back to draft to change it."))
    naa = klokke.no()
    endra = []
    for s in brev.seksjonar.filter(pk__in=seksjonar).select_related("tema"):
        tekst, med = seksjonar[s.pk]
        if (s.tekst, s.med_underordna) != (tekst, med):
            s.tekst, s.med_underordna, s.html = tekst, med, til_html(tekst)
            s._change_reason, s._history_date = grunn or grunnkode("Text changed"), naa
            s.save()
            endra.append(str(s.tema))
    if endra or brev.offentleg != offentleg:
        brev.sist_endra_av = user
    brev.offentleg = offentleg
    if brev.status == Oppdragsbrev.Status.PUBLISERT:
        brev.status, brev.status_av, brev.status_at = Oppdragsbrev.Status.UTKAST, user, naa
    brev._history_date = naa
    if grunn is None:
        grunn = (
            grunnkode("Text changed in: %(delar)s") % {"delar": ", ".join(endra)}
            if endra
            else grunnkode("Text changed")
        )
    return lagre_versjonert(brev, versjon, grunn=grunn)


def gjenopprett_tekst(brev, versjon, *, seksjon_pk, historikk_id, user):
    """Put back a section's text as one of its history records holds it, as a new change with
    its own history entry (nothing is rewritten); the letter's version guards against a change
    made meanwhile (`Konflikt`). A record of another letter's section is not found
    (`Brevseksjon.history.model.DoesNotExist`)."""
    post = Brevseksjon.history.get(id=seksjon_pk, brev_id=brev.pk, history_id=historikk_id)
    s = brev.seksjonar.select_related("tema").get(pk=seksjon_pk)
    tid = dato_format(timezone.localtime(post.history_date), "j.n.Y H:i")
    grunn = grunnkode("Text of %(del)s restored from %(tid)s") % {"del": str(s.tema), "tid": tid}
    return lagre_tekst(
        brev,
        versjon,
        {s.pk: (post.tekst, s.med_underordna)},
        offentleg=brev.offentleg,
        user=user,
        grunn=grunn,
    )


OVERGANGAR = {
    # step: (from, to)
    "send": ({"utkast"}, "til_godkjenning"),
    "tilbake": ({"til_godkjenning", "godkjent"}, "utkast"),
    "godkjenn": ({"til_godkjenning"}, "godkjent"),
    "publiser": ({"godkjent"}, "publisert"),
}


def godkjennar_kandidatar(brev, user):
    """Whom the top letter's writer can name as approver: the leaders of the kommune and its
    sectors, other than the writer and the letter's last editor."""
    return (
        User.objects.filter(
            is_active=True,
            pk__in=Eining.objects.aktive().filter(depth__lte=2, leiar__isnull=False).values("leiar"),
        )
        .exclude(pk__in=[user.pk, brev.sist_endra_av_id or user.pk])
        .order_by(norsk("namn"))
    )


def naermaste_godkjennar(brev):
    """Who is told that a unit's letter waits: the nearest active leader above the unit who did
    not write it last. None when there is nobody (then the kommunedirektør's role covers it)."""
    e = brev.eining
    for over in (
        Eining.objects.filter(path__in=tre.over(e), leiar__is_active=True)
        .select_related("leiar")
        .order_by("-depth")
    ):
        if over.leiar_id != brev.sist_endra_av_id:
            return over.leiar
    return None


def godkjenningsregel(brev):
    """The rule the letter is approved by, in words, for the letter page."""
    if brev.godkjenning == Oppdragsbrev.Godkjenning.PERSON and brev.godkjennar_id:
        return _("Approved by %(namn)s, who did not write the letter.") % {"namn": brev.godkjennar.namn}
    if brev.godkjenning == Oppdragsbrev.Godkjenning.LEIARGRUPPA:
        return _("Approved by the leadership group; the chief executive records the day of the meeting.")
    if brev.eining.depth == 1:
        return _(
            "When sent for approval, the letter names its approver (not its writer) or the leadership group."
        )
    return _("Approved by a leader above the unit who is not the last to have changed the text.")


def godkjent_linje(brev):
    """«Approved by … <day>» for the signature block ('' while not approved)."""
    if brev.godkjent_dato and brev.godkjenning == Oppdragsbrev.Godkjenning.LEIARGRUPPA:
        return _("Approved by the leadership group %(dato)s") % {
            "dato": dato_format(brev.godkjent_dato, "j.n.Y")
        }
    if brev.godkjent_av_id and brev.godkjent_at:
        namn = brev.godkjent_av.namn
        if brev.godkjent_av.tittel:
            namn = f"{namn}, {brev.godkjent_av.tittel}"
        return _("Approved by %(namn)s, %(dato)s") % {
            "namn": namn,
            "dato": dato_format(timezone.localtime(brev.godkjent_at), "j.n.Y"),
        }
    return ""


@transaction.atomic
def steg(brev, namn, *, user, godkjennar=None, leiargruppa=False, dato=None):
    """A workflow step; publishing keeps the letter as it now reads as a new version.

    Sending the top letter names who approves it: a person (`godkjennar`) or the leadership
    group (`leiargruppa`, whose approval is recorded with the meeting's `dato`). Who may take a
    step is checked by the caller (permissions.kan_godkjenne); the state rules are here."""
    brev = (
        Oppdragsbrev.objects.select_for_update(of=("self",))
        .select_related("eining__leiar", "sist_endra_av", "godkjennar", "godkjent_av")
        .get(pk=brev.pk)
    )
    fra, til = OVERGANGAR[namn]
    if brev.status not in fra:
        raise Brevfeil(
            _("The letter is «%(status)s»; that step is not possible now.")
            % {"status": brev.get_status_display()}
        )
    mottakar = None
    if namn == "send":
        if leiargruppa:
            brev.godkjenning, brev.godkjennar = Oppdragsbrev.Godkjenning.LEIARGRUPPA, None
        elif godkjennar is not None:
            if not godkjennar_kandidatar(brev, user).filter(pk=godkjennar.pk).exists():
                raise Brevfeil(_("Choose an approver who did not write the letter."))
            brev.godkjenning, brev.godkjennar = Oppdragsbrev.Godkjenning.PERSON, godkjennar
        elif brev.eining.depth == 1:
            raise Brevfeil(_("Choose who approves the letter: a named leader or the leadership group."))
        else:
            brev.godkjenning, brev.godkjennar = Oppdragsbrev.Godkjenning.LEIAR, None
        mottakar = brev.godkjennar if brev.godkjennar_id else None
        if brev.godkjenning == Oppdragsbrev.Godkjenning.LEIAR:
            mottakar = naermaste_godkjennar(brev)
    elif namn == "godkjenn":
        if brev.godkjenning == Oppdragsbrev.Godkjenning.LEIARGRUPPA:
            if dato is None or dato > klokke.i_dag():
                raise Brevfeil(_("Give the day the leadership group approved the letter (not a future day)."))
            brev.godkjent_dato = dato
        elif user.pk == brev.sist_endra_av_id:
            raise Brevfeil(_("You changed the letter last; someone else must approve it."))
        elif brev.godkjenning == Oppdragsbrev.Godkjenning.PERSON and user.pk != brev.godkjennar_id:
            # sent back and sent again to someone else while this page was open
            raise Brevfeil(_("The letter is waiting for another approver now."))
        brev.godkjent_av, brev.godkjent_at = user, klokke.no()
        mottakar = brev.sist_endra_av if brev.sist_endra_av_id != user.pk else None
    elif namn == "tilbake":
        brev.godkjent_av = brev.godkjent_at = brev.godkjent_dato = None
    elif namn == "publiser":
        mangar = tomme_paakravde(brev)
        if mangar:
            raise Brevfeil(
                _("The letter cannot be published while a required section is empty: %(delar)s.")
                % {"delar": ", ".join(mangar)}
            )
    if namn in ("godkjenn", "tilbake"):
        merk_handsama(brev, "brev_til_godkjenning")  # nobody is still asked to approve it
    if namn in ("publiser", "tilbake"):
        merk_handsama(brev, "brev_godkjent")  # nobody is still asked to publish it
    brev.status, brev.status_av, brev.status_at = til, user, klokke.no()
    brev.versjon += 1
    brev._change_reason = dict(Oppdragsbrev.Status.choices)[til]
    brev.save()
    if mottakar is not None and mottakar.is_active:
        varsle(
            mottakar,
            "brev_til_godkjenning" if namn == "send" else "brev_godkjent",
            brev,
            brev.get_absolute_url(),
        )
    if til == Oppdragsbrev.Status.PUBLISERT:
        nummer = (brev.versjonar.order_by("-nummer").values_list("nummer", flat=True).first() or 0) + 1
        # the published document is in the kommune's language, whoever presses the button
        with translation.override(settings.LANGUAGE_CODE):
            data = innhald(brev)
        # public or not is decided with the version, by whoever approved publishing it
        v = Brevversjon.objects.create(
            brev=brev, nummer=nummer, innhald=data, offentleg=brev.offentleg, publisert_av=user
        )
        if not current_app.conf.task_always_eager:
            # a worker lays the PDFs out ahead of the first reader; without one (development,
            # the demo) the first reader does, rather than the one who pressed «publish»
            etter_commit("verksemdsplan.tasks.lag_brev_pdf", v.pk)
    return brev


ANDRE = "andre"  # the section of oppdrag whose theme has no section of its own


def oppdrag_for(brev, seksjonar=None):
    """The oppdrag each section lists by itself: the unit's (and, where chosen, its units')
    open-or-done oppdrag of the year with the section's theme. The unit's own oppdrag whose
    theme has no section (or no theme) are under the key None, so a letter never drops one.
    One query for all sections."""
    seksjonar = list(seksjonar if seksjonar is not None else brev.seksjonar.select_related("tema"))
    eigne = Q(eining=brev.eining)
    # below the unit: what was given there, not the tasks delegated on from what is listed already
    under = i_subtre(brev.eining, "eining") & (
        Q(parent__isnull=True) | ~i_subtre(brev.eining, "parent__eining")
    )
    tema_eigne = [s.tema_id for s in seksjonar if not s.med_underordna]
    tema_under = [s.tema_id for s in seksjonar if s.med_underordna]
    utan_seksjon = Q(tema__isnull=True) | ~Q(tema__in=[s.tema_id for s in seksjonar])
    qs = (
        Oppdrag.objects.aktive()
        .i_aar(brev.aar)
        .filter((eigne & Q(tema__in=tema_eigne)) | (under & Q(tema__in=tema_under)) | (eigne & utan_seksjon))
        .exclude(status=Oppdrag.Status.AVBROTE)
        .select_related("owner", "eining")
        .prefetch_related("maal")
        .order_by(F("frist").asc(nulls_last=True), "pk")
    )
    per_tema = {s.tema_id: [] for s in seksjonar}
    per_tema[None] = []
    for o in qs:
        per_tema[o.tema_id if o.tema_id in per_tema else None].append(o)
    return per_tema


def _rad(o, brev):
    return {
        "pk": o.pk,
        "tittel": o.tittel,
        "eigar": o.owner.namn if o.owner else "",
        "eining": o.eining.namn,
        "frist": o.frist.isoformat() if o.frist else "",
        "maal": ", ".join(m.tittel for m in o.maal.all()),
        "unnateke": o.unnateke,
        "heimel": o.heimel,
        "fra_aar": o.aar if o.aar < brev.aar else None,
    }


def innhald(brev):
    """The letter as data: what a published version keeps, and what pages and PDF render. The
    unit's oppdrag whose theme has no section come last, under «Other assignments»."""
    seksjonar = list(brev.seksjonar.select_related("tema"))
    oppdrag = oppdrag_for(brev, seksjonar)
    delar = [
        {
            "tema": s.tema.kode,
            "overskrift": str(s.tema),
            "html": s.html,
            "tekst": s.tekst,
            "oppdrag": [_rad(o, brev) for o in oppdrag[s.tema_id]],
        }
        for s in seksjonar
    ]
    if oppdrag[None]:
        delar.append(
            {
                "tema": ANDRE,
                "overskrift": _("Other assignments"),
                "html": "",
                "tekst": "",
                "oppdrag": [_rad(o, brev) for o in oppdrag[None]],
            }
        )
    return {"tittel": str(brev), "seksjonar": delar, **brevdata(brev)}


def adressat(eining):
    """Whom the letter is to: the kommune's leaders for the top letter, else the unit's leader
    by title («To: head of unit, Knarvik skule»)."""
    if eining.depth == 1:
        return _("To: heads of service in %(kommune)s") % {"kommune": eining.namn}
    tittel = (eining.leiar.tittel if eining.leiar_id else "") or _("leader")
    return _("To: %(tittel)s, %(eining)s") % {
        "tittel": tittel[:1].lower() + tittel[1:],
        "eining": eining.namn,
    }


def brevdata(brev):
    """What the letter says around its sections: to whom, the day, who signs (the unit's
    leader: the kommunedirektør for the top letter) and who approved it."""
    leiar = brev.eining.leiar if brev.eining.leiar_id else None
    return {
        "adressat": adressat(brev.eining),
        "dato": klokke.i_dag().isoformat(),
        "signatur": {"namn": leiar.namn, "tittel": leiar.tittel} if leiar else None,
        "godkjent": godkjent_linje(brev),
        "overordna": brev.eining.depth == 1,
    }


def offentleg_versjon(eining, aar):
    """The unit's letter for the year as the public may read it: its last published version when
    the letter is marked public and that version was published as public; else None. Drafts are
    never public, nor a version published for employees only."""
    brev = (
        Oppdragsbrev.objects.filter(eining=eining, aar=aar, offentleg=True).select_related("eining").first()
    )
    siste = brev.versjonar.first() if brev else None
    if siste is None or not siste.offentleg:
        return None
    siste.brev = brev
    return siste


def offentleg_innhald(data):
    """The public form: exempt oppdrag left out (also those made exempt after publishing), and
    a row's goals named only as far as they are public now (a goal exempt, or in a plan made
    exempt, after publishing is left out of the row)."""
    pks = [o["pk"] for s in data["seksjonar"] for o in s["oppdrag"]]
    skjulte = set(Maal.objects.ikkje_offentlege().values_list("tittel", flat=True))
    if skjulte and any(t in o["maal"] for s in data["seksjonar"] for o in s["oppdrag"] for t in skjulte):
        ope_maal = defaultdict(list)
        for o_pk, tittel in (
            Oppdrag.maal.through.objects.filter(oppdrag_id__in=pks)
            .exclude(maal__in=Maal.objects.ikkje_offentlege())
            .order_by("maal__rekkjefolgje", "maal_id")
            .values_list("oppdrag_id", "maal__tittel")
        ):
            ope_maal[o_pk].append(tittel)
        data = {
            **data,
            "seksjonar": [
                {**s, "oppdrag": [{**o, "maal": ", ".join(ope_maal[o["pk"]])} for o in s["oppdrag"]]}
                for s in data["seksjonar"]
            ],
        }
    # exempt now, or delegated from an exempt oppdrag (a task carries its parent's secrecy)
    no_unnateke = set(
        Oppdrag.objects.filter(pk__in=pks)
        .filter(
            Q(unnateke=True)
            | Q(parent__unnateke=True)
            | Q(parent__parent__unnateke=True)
            | Q(parent__parent__parent__unnateke=True)
            # from a measure of the økonomiplan exempt from public access
            | Q(kjelde_tiltak__unnateke=True)
            | Q(parent__kjelde_tiltak__unnateke=True)
            | Q(parent__parent__kjelde_tiltak__unnateke=True)
        )
        .values_list("pk", flat=True)
    )
    return {
        **data,
        "seksjonar": [
            {**s, "oppdrag": [o for o in s["oppdrag"] if not o["unnateke"] and o["pk"] not in no_unnateke]}
            for s in data["seksjonar"]
        ],
    }


def samanlikn(gammal, ny):
    """Per section: the words that changed and the oppdrag added and removed between versions."""
    g = {s["tema"]: s for s in gammal["seksjonar"]}
    ut = []
    for s in ny["seksjonar"]:
        f = g.get(s["tema"], {"tekst": "", "oppdrag": []})
        diff = orddiff(f["tekst"], s["tekst"])
        gamle = {o["pk"]: o["tittel"] for o in f["oppdrag"]}
        nye = {o["pk"]: o["tittel"] for o in s["oppdrag"]}
        ut.append(
            {
                "overskrift": s["overskrift"],
                "diff": diff,
                "endra": any(k in "+-" for k, _t in diff),
                "lagt_til": [nye[k] for k in nye if k not in gamle],
                "teke_bort": [gamle[k] for k in gamle if k not in nye],
            }
        )
    return ut


def brevlogg(brev, grense=20):
    """The letter's change log with the words changed in its sections: a text save stamps the
    letter and its sections with one time, so each section's change joins the save it was
    made in. Two queries for the sections' history, however long the log."""
    logg = endringslogg(brev.history, grense)
    tider = {p.tid for p in logg}
    poster = list(
        Brevseksjon.history.filter(brev_id=brev.pk)
        .order_by("id", "-history_date", "-history_id")
        .values("id", "tema_id", "tekst", "history_date", "history_type", "history_id")
    )
    tema = {t.pk: str(t) for t in Tema.objects.all()} if poster else {}
    diffar = {}
    for i, p in enumerate(poster):
        # sections are made empty in bulk (no history row): their first record follows ""
        foer = poster[i + 1] if i + 1 < len(poster) and poster[i + 1]["id"] == p["id"] else None
        forrige = foer["tekst"] if foer else ""
        if p["history_date"] in tider and forrige != p["tekst"]:
            diffar.setdefault(p["history_date"], []).append(
                {
                    "overskrift": tema.get(p["tema_id"], ""),
                    "diff": orddiff(forrige, p["tekst"]),
                    # the record that holds the text before this change, to put it back
                    "gjenopprett": {"seksjon": p["id"], "historikk": foer["history_id"]} if foer else None,
                }
            )
    for p in logg:
        p.tekstdiff = diffar.get(p.tid, [])
    return logg


# --- the PDF --------------------------------------------------------------------------------


def lang_dato(dag):
    """«30. november 2026»: Norwegian writes the month in lower case in a date (English does not)."""
    if (translation.get_language() or "nn").startswith("en"):
        return dato_format(dag, "j F Y")
    return f"{dag.day}. {dato_format(dag, 'F').lower()} {dag.year}"


SIDER_UTAN_INNHALDSLISTE = 4  # a letter this long or shorter has no contents page


def lag_brev_pdf(eining, aar, data, *, status, utkast, offentleg=False):
    """The letter as PDF bytes. Laid out with a contents page first; if the letter itself (not
    the cover and the contents) is no longer than four pages, laid out again without it: a
    short letter is cheap to lay out twice, a long one is laid out once."""
    ctx = {
        "eining": eining,
        "aar": aar,
        "data": data,
        "status": status,
        "utkast": utkast,
        "offentleg": offentleg,
        "dato": lang_dato(datetime.date.fromisoformat(data["dato"]) if data.get("dato") else klokke.i_dag()),
    }
    innhald, sider = lag_pdf(
        None,
        "verksemdsplan/brev_pdf.html",
        {**ctx, "innhaldsliste": True},
        tittel=data["tittel"],
        med_sider=True,
    )
    if sider - 2 <= SIDER_UTAN_INNHALDSLISTE:
        innhald = lag_pdf(
            None, "verksemdsplan/brev_pdf.html", {**ctx, "innhaldsliste": False}, tittel=data["tittel"]
        )
    return innhald


def publisert_status(versjon):
    return _("Published %(dato)s (version %(nr)s)") % {
        "dato": dato_format(timezone.localtime(versjon.publisert_at), "j.n.Y"),
        "nr": versjon.nummer,
    }


def versjon_pdf(versjon, *, offentleg):
    """The stored PDF of a published version, made now if it is not there yet. It is made once
    per version for employees; the public one once per public content, so an oppdrag made
    exempt (or no longer exempt) after publishing gives a new public file, and the old one is
    removed. Two requests making it at once keep one file."""
    felt, nokkel = "pdf", ""
    data = versjon.innhald
    if offentleg:
        felt, data = "pdf_offentleg", offentleg_innhald(versjon.innhald)
        nokkel = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    fil = getattr(versjon, felt)
    if fil and (not offentleg or versjon.pdf_offentleg_nokkel == nokkel) and fil.storage.exists(fil.name):
        return fil
    brev = versjon.brev
    with translation.override(settings.LANGUAGE_CODE):
        innhald = lag_brev_pdf(
            brev.eining, brev.aar, data, status=publisert_status(versjon), utkast=False, offentleg=offentleg
        )
    gammal = fil.name if fil else ""
    namn = fil.storage.save(
        f"oppdragsbrev/{brev.aar}-{brev.eining.kode}-v{versjon.nummer}-{uuid.uuid4().hex}.pdf",
        ContentFile(innhald),
    )
    endra = Brevversjon.objects.filter(pk=versjon.pk, **{felt: gammal}).update(
        **{felt: namn}, **({"pdf_offentleg_nokkel": nokkel} if offentleg else {})
    )
    if not endra:  # another request stored one first: use that
        fil.storage.delete(namn)
        versjon.refresh_from_db()
        return getattr(versjon, felt)
    if gammal:
        fil.storage.delete(gammal)
    setattr(versjon, felt, namn)
    if offentleg:
        versjon.pdf_offentleg_nokkel = nokkel
    return getattr(versjon, felt)
