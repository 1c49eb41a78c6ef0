"""The oppdragsbrev: making a letter (from the parent unit's letter, guidance beside it), saving its text
(Markdown made into sanitised HTML), the workflow, published versions and their comparison."""

import difflib

import markdown
import nh3
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import translation
from django.utils.translation import gettext as _

from alver.lib import klokke
from alver.lib.samtidig import lagre_versjonert
from alver.lib.tre import i_subtre
from alver.models import Eining

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
    steg = eining.steplen
    vegar = [eining.path[:i] for i in range(steg, len(eining.path), steg)]
    return (
        Oppdragsbrev.objects.filter(eining__path__in=vegar, aar=aar)
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
                "%(eining)s has no order letter for %(aar)s yet. Start from the nearest published "
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
        defaults={"basert_paa": grunn, "status_av": user, "status_at": klokke.no()},
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
                m._change_reason = _("Guidance changed")
                m.save()
        elif (m.rettleiing, m.paakravd) != (tekst, paakravd):
            m.rettleiing, m.paakravd = tekst, paakravd
            m.versjon += 1
            m._change_reason = _("Guidance changed")
            m.save()


@transaction.atomic
def lagre_tekst(brev, versjon, seksjonar, *, offentleg, user):
    """Save the sections ({section id: (text, with units below)}); a published letter goes back
    to draft, and its published version stays readable until the next is published."""
    if brev.status in (Oppdragsbrev.Status.TIL_GODKJENNING, Oppdragsbrev.Status.GODKJENT):
        raise Brevfeil(_("The letter is awaiting approval or approved; send it back to draft to change it."))
    for s in brev.seksjonar.filter(pk__in=seksjonar):
        tekst, med = seksjonar[s.pk]
        if (s.tekst, s.med_underordna) != (tekst, med):
            s.tekst, s.med_underordna, s.html = tekst, med, til_html(tekst)
            s._change_reason = _("Text changed")
            s.save()
    brev.offentleg = offentleg
    if brev.status == Oppdragsbrev.Status.PUBLISERT:
        brev.status, brev.status_av, brev.status_at = Oppdragsbrev.Status.UTKAST, user, klokke.no()
    return lagre_versjonert(brev, versjon, grunn=_("Text changed"))


OVERGANGAR = {
    # step: (from, to)
    "send": ({"utkast"}, "til_godkjenning"),
    "tilbake": ({"til_godkjenning", "godkjent"}, "utkast"),
    "godkjenn": ({"til_godkjenning"}, "godkjent"),
    "publiser": ({"godkjent"}, "publisert"),
}


@transaction.atomic
def steg(brev, namn, *, user):
    """A workflow step; publishing keeps the letter as it now reads as a new version."""
    brev = Oppdragsbrev.objects.select_for_update().select_related("eining").get(pk=brev.pk)
    fra, til = OVERGANGAR[namn]
    if brev.status not in fra:
        raise Brevfeil(
            _("The letter is «%(status)s»; that step is not possible now.")
            % {"status": brev.get_status_display()}
        )
    brev.status, brev.status_av, brev.status_at = til, user, klokke.no()
    brev.versjon += 1
    brev._change_reason = dict(Oppdragsbrev.Status.choices)[til]
    brev.save()
    if til == Oppdragsbrev.Status.PUBLISERT:
        nummer = (brev.versjonar.order_by("-nummer").values_list("nummer", flat=True).first() or 0) + 1
        # the published document is in the kommune's language, whoever presses the button
        with translation.override(settings.LANGUAGE_CODE):
            data = innhald(brev)
        # public or not is decided with the version, by whoever approved publishing it
        Brevversjon.objects.create(
            brev=brev, nummer=nummer, innhald=data, offentleg=brev.offentleg, publisert_av=user
        )
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
    return {"tittel": str(brev), "seksjonar": delar}


def offentleg_innhald(data):
    """The public form: exempt oppdrag left out (also those made exempt after publishing)."""
    pks = [o["pk"] for s in data["seksjonar"] for o in s["oppdrag"]]
    # exempt now, or delegated from an exempt oppdrag (a task carries its parent's secrecy)
    no_unnateke = set(
        Oppdrag.objects.filter(pk__in=pks)
        .filter(
            Q(unnateke=True)
            | Q(parent__unnateke=True)
            | Q(parent__parent__unnateke=True)
            | Q(parent__parent__parent__unnateke=True)
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
    """Per section: the text's line diff and the oppdrag added and removed between versions."""
    g = {s["tema"]: s for s in gammal["seksjonar"]}
    ut = []
    for s in ny["seksjonar"]:
        f = g.get(s["tema"], {"tekst": "", "oppdrag": []})
        diff = [
            (linje[0], linje[2:])
            for linje in difflib.ndiff(f["tekst"].splitlines(), s["tekst"].splitlines())
            if linje[:1] in "+- " and not linje.startswith("?")
        ]
        gamle = {o["pk"]: o["tittel"] for o in f["oppdrag"]}
        nye = {o["pk"]: o["tittel"] for o in s["oppdrag"]}
        ut.append(
            {
                "overskrift": s["overskrift"],
                "diff": diff,
                "endra": any(k != " " for k, _l in diff),
                "lagt_til": [nye[k] for k in nye if k not in gamle],
                "teke_bort": [gamle[k] for k in gamle if k not in nye],
            }
        )
    return ut
