"""Every write of the checklists: building and publishing the year's checklist, answering,
following up, and the tilsyn register. Each function is one transaction with a change reason
and the user in the history."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from alver.lib import klokke, periodar
from alver.lib.dato import lang
from alver.lib.historikk import bulk_create_with_history, grunnkode
from alver.lib.importering import Feil
from alver.lib.samtidig import Konflikt, lagre_versjonert
from alver.models import Eining
from verksemdsplan import services as oppdrag_tenester
from verksemdsplan.models import Kategori, Tema

from . import grunndata, plikt, xlsx
from .models import (
    Foremaal,
    Frekvens,
    Funn,
    Gjeld,
    Oppfolging,
    Sjekkliste,
    Sjekkpunkt,
    Sjekktype,
    Svar,
    Tilsyn,
    standard_frist,
)

TEMA = "organisatoriske"


class Ugyldig(Exception):
    """Input the service refuses, with a message for the user (nothing is saved)."""

    def __init__(self, melding, feil=None):
        super().__init__(str(melding))
        self.melding = melding
        self.feil = feil or {}


def _grunn(obj, tekst):
    obj._change_reason = tekst
    return obj


# --- building the checklist -------------------------------------------------------------


@transaction.atomic
def lag_sjekkliste(aar, *, user, kopier_fra=None):
    """A draft for the year, empty or copied from an earlier year's (the points in force at its
    end, with their levels, guidance, references, frequencies and scopes; a once-point's date
    moves to the new year). A year has one checklist: asking again gives the one there is."""
    finst = Sjekkliste.objects.filter(aar=aar).first()
    if finst is not None:
        return finst
    liste = _grunn(
        Sjekkliste(aar=aar, frist=standard_frist(aar), kopiert_fra=kopier_fra),
        _("Copied from %(aar)s by %(namn)s") % {"aar": kopier_fra.aar, "namn": user.namn}
        if kopier_fra
        else _("Made by %(namn)s") % {"namn": user.namn},
    )
    try:
        with transaction.atomic():
            liste.save()
    except IntegrityError:  # a racing double submit made it first
        return Sjekkliste.objects.get(aar=aar)
    if kopier_fra is not None:
        _kopier(kopier_fra, liste, user)
    return liste


def _flytt_aar(dato, aar):
    if dato is None:
        return None
    try:
        return dato.replace(year=aar)
    except ValueError:  # 29 February
        return dato.replace(year=aar, day=28)


def _kopier(fra, til, user):
    grunn = grunnkode("Copied from %(aar)s by %(namn)s") % {"aar": fra.aar, "namn": user.namn}
    slutt = datetime.date(fra.aar, 12, 31)
    foremaal = list(fra.foremaal.all())
    nye_f = bulk_create_with_history(
        [Foremaal(sjekkliste=til, namn=f.namn, rekkjefolgje=f.rekkjefolgje) for f in foremaal],
        Foremaal,
        default_change_reason=grunn,
    )
    f_map = {gammal.pk: ny for gammal, ny in zip(foremaal, nye_f, strict=True)}
    typar = list(Sjekktype.objects.filter(foremaal__sjekkliste=fra))
    nye_t = bulk_create_with_history(
        [Sjekktype(foremaal=f_map[t.foremaal_id], namn=t.namn, rekkjefolgje=t.rekkjefolgje) for t in typar],
        Sjekktype,
        default_change_reason=grunn,
    )
    t_map = {gammal.pk: ny for gammal, ny in zip(typar, nye_t, strict=True)}
    punkt = list(
        Sjekkpunkt.objects.filter(sjekktype__foremaal__sjekkliste=fra)
        .gjeldande(slutt)
        .prefetch_related("einingar")
    )
    nye_p = bulk_create_with_history(
        [
            Sjekkpunkt(
                sjekktype=t_map[p.sjekktype_id],
                sporsmaal=p.sporsmaal,
                rettleiing=p.rettleiing,
                heimel=p.heimel,
                frekvens=p.frekvens,
                dato=_flytt_aar(p.dato, til.aar),
                gjeld=p.gjeld,
                sektor=p.sektor,
                einingstype=p.einingstype,
                rekkjefolgje=p.rekkjefolgje,
            )
            for p in punkt
        ],
        Sjekkpunkt,
        default_change_reason=grunn,
    )
    Gjennom = Sjekkpunkt.einingar.through
    Gjennom.objects.bulk_create(
        [
            Gjennom(sjekkpunkt_id=ny.pk, eining_id=e.pk)
            for gammal, ny in zip(punkt, nye_p, strict=True)
            for e in gammal.einingar.all()
        ]
    )


def _ny_utgaave(liste, user, grunn):
    """A change to a published checklist makes a new edition of it."""
    liste = Sjekkliste.objects.select_for_update().get(pk=liste.pk)
    if liste.publisert:
        liste.utgaave += 1
        liste.versjon += 1
        _grunn(liste, grunn).save()
    return liste


@transaction.atomic
def lagre_sjekkliste(liste, versjon, *, frist, user):
    liste.frist = frist
    return lagre_versjonert(liste, versjon, grunn=grunnkode("Changed by %(namn)s") % {"namn": user.namn})


@transaction.atomic
def publiser(liste, versjon, *, user):
    """From now on its points are fixed for the year; a checklist without points is refused."""
    if not Sjekkpunkt.objects.filter(sjekktype__foremaal__sjekkliste=liste).exists():
        raise Ugyldig(_("A checklist without check points cannot be published."))
    if liste.publisert:
        return liste  # a double submit
    liste.status = Sjekkliste.Status.PUBLISERT
    liste.publisert_at = klokke.no()
    liste.publisert_av = user
    return lagre_versjonert(liste, versjon, grunn=grunnkode("Published by %(namn)s") % {"namn": user.namn})


@transaction.atomic
def lag_foremaal(liste, *, namn, user):
    namn = namn.strip()
    if liste.foremaal.filter(namn__iexact=namn).exists():
        raise Ugyldig(_("The checklist has this purpose already."), {"namn": _("Already in the checklist.")})
    rekkje = liste.foremaal.count()
    f = _grunn(
        Foremaal(sjekkliste=liste, namn=namn, rekkjefolgje=rekkje),
        _("Added by %(namn)s") % {"namn": user.namn},
    )
    f.save()
    return f


@transaction.atomic
def lag_sjekktype(foremaal, *, namn, user):
    namn = namn.strip()
    if foremaal.typar.filter(namn__iexact=namn).exists():
        raise Ugyldig(_("The purpose has this type already."), {"namn": _("Already under this purpose.")})
    t = _grunn(
        Sjekktype(foremaal=foremaal, namn=namn, rekkjefolgje=foremaal.typar.count()),
        _("Added by %(namn)s") % {"namn": user.namn},
    )
    t.save()
    return t


PUNKTFELT = (
    "sporsmaal",
    "rettleiing",
    "heimel",
    "frekvens",
    "dato",
    "gjeld",
    "sektor",
    "einingstype",
    "sjekktype",
)


def _rydd_omfang(felt):
    """Keep only the scope field that the «applies to» choice uses."""
    gjeld = felt.get("gjeld")
    if gjeld != "sektor":
        felt["sektor"] = None
    if gjeld != "type":
        felt["einingstype"] = ""
    if felt.get("frekvens") != Frekvens.EIN_GONG:
        felt["dato"] = None
    return felt


@transaction.atomic
def lag_punkt(sjekktype, *, user, einingar=(), **felt):
    """A new point. In a published checklist it applies from today's period on."""
    liste = sjekktype.foremaal.sjekkliste
    felt = _rydd_omfang({**felt, "sjekktype": sjekktype})
    p = Sjekkpunkt(rekkjefolgje=Sjekkpunkt.objects.filter(sjekktype=sjekktype).count(), **felt)
    grunn = grunnkode("Added by %(namn)s") % {"namn": user.namn}
    if liste.publisert:
        p.gyldig_fra = klokke.i_dag()
        _ny_utgaave(liste, user, _("Check point added by %(namn)s") % {"namn": user.namn})
    _grunn(p, grunn).save()
    p.einingar.set(einingar if felt["gjeld"] == "einingar" else [])
    return p


@transaction.atomic
def endre_punkt(punkt, versjon, *, user, einingar=(), **felt):
    """Edit a point. In a draft it changes in place; once the checklist is published the point
    is fixed: the old version is closed yesterday and a new one, linked to it, applies from
    today's period, so earlier answers keep the wording they answered. Returns the point now
    in force."""
    liste = punkt.sjekktype.foremaal.sjekkliste
    felt = _rydd_omfang({"sjekktype": punkt.sjekktype, **felt})
    einingar = list(einingar) if felt["gjeld"] == "einingar" else []
    grunn = grunnkode("Changed by %(namn)s") % {"namn": user.namn}
    if not liste.publisert:
        for k, v in felt.items():
            setattr(punkt, k, v)
        punkt = lagre_versjonert(punkt, versjon, grunn=grunn)
        punkt.einingar.set(einingar)
        return punkt
    fersk = Sjekkpunkt.objects.select_for_update().get(pk=punkt.pk)
    if fersk.versjon != versjon or fersk.gyldig_til is not None:
        raise Konflikt(fersk)
    uendra = all(getattr(fersk, k) == v for k, v in felt.items()) and {
        e.pk for e in fersk.einingar.all()
    } == {e.pk for e in einingar}
    if uendra:
        return fersk  # nothing to version (a double submit, or saved unchanged)
    i_dag = klokke.i_dag()
    fersk.gyldig_til = i_dag - datetime.timedelta(days=1)
    fersk.versjon += 1
    _grunn(fersk, grunnkode("Replaced by a new version by %(namn)s") % {"namn": user.namn}).save()
    ny = Sjekkpunkt(rekkjefolgje=fersk.rekkjefolgje, gyldig_fra=i_dag, forrige=fersk, **felt)
    _grunn(ny, grunnkode("New version by %(namn)s") % {"namn": user.namn}).save()
    ny.einingar.set(einingar)
    _ny_utgaave(liste, user, _("Check point changed by %(namn)s") % {"namn": user.namn})
    return ny


@transaction.atomic
def fjern_punkt(punkt, versjon, *, user):
    """Remove a point. From a draft it goes; from a published checklist it is closed
    yesterday, and its answers stay."""
    liste = punkt.sjekktype.foremaal.sjekkliste
    fersk = Sjekkpunkt.objects.select_for_update().get(pk=punkt.pk)
    if fersk.versjon != versjon:
        raise Konflikt(fersk)
    if not liste.publisert and not fersk.svar.exists():
        _grunn(fersk, grunnkode("Removed by %(namn)s") % {"namn": user.namn}).delete()
        return None
    if fersk.gyldig_til is None:
        fersk.gyldig_til = klokke.i_dag() - datetime.timedelta(days=1)
        fersk.versjon += 1
        _grunn(fersk, grunnkode("Removed by %(namn)s") % {"namn": user.namn}).save()
        _ny_utgaave(liste, user, _("Check point removed by %(namn)s") % {"namn": user.namn})
    return fersk


def gjeldande_dag(liste):
    """The day a checklist is read at: today, or the last day of a year that is over."""
    return min(klokke.i_dag(), datetime.date(liste.aar, 12, 31))


@transaction.atomic
def legg_til_punkt(sjekktype, *, user, **felt):
    """`lag_punkt`, once: a point asking the same question in force in the same type already (a
    double submit, two tabs) is given back instead of a second one. Returns (point, new?)."""
    Sjekkliste.objects.select_for_update().filter(pk=sjekktype.foremaal.sjekkliste_id).first()
    sporsmaal = " ".join(felt["sporsmaal"].split())
    finst = (
        Sjekkpunkt.objects.gjeldande(gjeldande_dag(sjekktype.foremaal.sjekkliste))
        .filter(sjekktype=sjekktype, sporsmaal__iexact=sporsmaal)
        .first()
    )
    if finst is not None:
        return finst, False
    return lag_punkt(sjekktype, user=user, **{**felt, "sporsmaal": sporsmaal}), True


# --- importing the checklist from a spreadsheet ------------------------------------------


def _nokkel(tekst):
    return " ".join(str(tekst or "").split()).casefold()


@dataclass
class Importplan:
    """What an import file would do to a draft checklist: nothing is saved by planning."""

    feil: list = field(default_factory=list)  # importering.Feil, by row
    nye_foremaal: list = field(default_factory=list)  # names
    nye_typar: list = field(default_factory=list)  # (purpose, type)
    nye_punkt: list = field(default_factory=list)  # the rows' values
    endra_punkt: list = field(default_factory=list)  # (point, the row's values)
    uendra: int = 0

    @property
    def tom(self):
        return not (self.nye_foremaal or self.nye_typar or self.nye_punkt or self.endra_punkt)


PUNKT_MAKS = {"foremaal": 200, "type": 200, "sporsmaal": 400, "heimel": 300}


def _tolk_rad(r, liste, sektorar, einingar):
    """One row's values, or the messages of what is wrong with it."""
    feil = []
    verdi = {
        "rad": r["rad"],
        "foremaal": " ".join(r.get("foremaal", "").split()),
        "type": " ".join(r.get("type", "").split()),
        "sporsmaal": " ".join(r.get("sporsmaal", "").split()),
        "rettleiing": r.get("rettleiing", "").strip(),
        "heimel": r.get("heimel", "").strip(),
    }
    tomme = {
        "foremaal": _("The purpose (Føremål) is empty."),
        "type": _("The type is empty."),
        "sporsmaal": _("The check point (Sjekkpunkt) is empty."),
    }
    for kol, melding in tomme.items():
        if not verdi[kol]:
            feil.append(melding)
    for kol, maks in PUNKT_MAKS.items():
        if len(verdi[kol]) > maks:
            feil.append(
                _("%(kolonne)s is longer than %(maks)s characters.")
                % {"kolonne": dict(xlsx.OVERSKRIFTER)[kol], "maks": maks}
            )

    frekvens = xlsx.frekvens(r.get("frekvens"))
    if frekvens is None:
        feil.append(
            _("Unknown frequency «%(verdi)s»: use månad, tertial, år or ein gong.") % {"verdi": r["frekvens"]}
        )
    verdi["frekvens"] = frekvens or Frekvens.MAANAD
    try:
        verdi["dato"] = xlsx.dato(r.get("dato"))
    except ValueError:
        verdi["dato"] = None
        feil.append(_("«%(verdi)s» is not a date (dd.mm.yyyy).") % {"verdi": r["dato"]})
    if verdi["frekvens"] == Frekvens.EIN_GONG:
        if verdi["dato"] is None and not r.get("dato"):
            feil.append(_("A point answered once needs its date (Dato)."))
        elif verdi["dato"] is not None and verdi["dato"].year != liste.aar:
            feil.append(_("The date must be in %(aar)s.") % {"aar": liste.aar})
    else:
        verdi["dato"] = None

    sektor_kode = r.get("sektor", "").strip()
    verdi["sektor"] = sektorar.get(sektor_kode) if sektor_kode else None
    if sektor_kode and verdi["sektor"] is None:
        feil.append(_("Unknown sector code «%(kode)s».") % {"kode": sektor_kode})
    einingstype = xlsx.einingstype(r.get("einingstype"))
    if einingstype is None:
        feil.append(
            _("Unknown kind of unit «%(verdi)s»: use sektor, tenesteområde or eining.")
            % {"verdi": r["einingstype"]}
        )
    verdi["einingstype"] = einingstype or ""
    kodar = xlsx.kodar(r.get("einingar"))
    if ukjende := [k for k in kodar if k not in einingar]:
        feil.append(_("Unknown unit code(s): %(kodar)s.") % {"kodar": ", ".join(ukjende)})
    verdi["einingar"] = [einingar[k] for k in dict.fromkeys(kodar) if k in einingar]

    gjeld = xlsx.gjeld(r.get("gjeld"))
    if gjeld is None:
        feil.append(
            _("Unknown «applies to» «%(verdi)s»: use alle, sektor, einingstype or einingar.")
            % {"verdi": r["gjeld"]}
        )
    elif gjeld == "":  # read from what the row names
        gjeld = (
            Gjeld.EININGAR
            if kodar
            else Gjeld.SEKTOR
            if sektor_kode
            else Gjeld.TYPE
            if einingstype
            else Gjeld.ALLE
        )
    verdi["gjeld"] = gjeld
    if gjeld == Gjeld.SEKTOR and not sektor_kode:
        feil.append(_("The point applies to a sector: give its code (Sektor)."))
    if gjeld == Gjeld.TYPE and not einingstype:
        feil.append(_("The point applies to a kind of unit: give it (Einingstype)."))
    if gjeld == Gjeld.EININGAR and not kodar:
        feil.append(_("The point applies to named units: give their codes (Einingar)."))
    # keep only what the «applies to» uses, as the form and the services do
    if gjeld != Gjeld.SEKTOR:
        verdi["sektor"] = None
    if gjeld != Gjeld.TYPE:
        verdi["einingstype"] = ""
    if gjeld != Gjeld.EININGAR:
        verdi["einingar"] = []
    return verdi, feil


IMPORTFELT = ("rettleiing", "heimel", "frekvens", "dato", "gjeld", "sektor", "einingstype")


def _ulik(punkt, verdi):
    return any(getattr(punkt, k) != verdi[k] for k in IMPORTFELT) or {e.pk for e in punkt.einingar.all()} != {
        e.pk for e in verdi["einingar"]
    }


def planlegg_import(liste, rader):
    """Check every row (messages by the row number the spreadsheet shows) and compare the file
    with the checklist: purposes, types and points are matched by their names and question
    (ignoring case and spacing). Missing purposes and types are added, new points added, matched
    points whose other columns differ updated; what the file does not name is left alone."""
    plan = Importplan()
    sektorar = {e.kode: e for e in Eining.objects.aktive().filter(type=Eining.Type.SEKTOR)}
    einingar = {e.kode: e for e in Eining.objects.aktive().exclude(type=Eining.Type.KOMMUNE)}
    foremaal = {_nokkel(f.namn) for f in liste.foremaal.all()}
    typar = {
        (_nokkel(t.foremaal.namn), _nokkel(t.namn))
        for t in Sjekktype.objects.filter(foremaal__sjekkliste=liste).select_related("foremaal")
    }
    punkt = {
        (_nokkel(p.sjekktype.foremaal.namn), _nokkel(p.sjekktype.namn), _nokkel(p.sporsmaal)): p
        for p in Sjekkpunkt.objects.filter(sjekktype__foremaal__sjekkliste=liste)
        .gjeldande(gjeldande_dag(liste))
        .select_related("sjekktype__foremaal", "sektor")
        .prefetch_related("einingar")
    }
    sett = {}
    for r in rader:
        verdi, meldingar = _tolk_rad(r, liste, sektorar, einingar)
        nokkel = (_nokkel(verdi["foremaal"]), _nokkel(verdi["type"]), _nokkel(verdi["sporsmaal"]))
        if all(nokkel) and nokkel in sett:
            meldingar.append(_("The same check point as in row %(rad)s.") % {"rad": sett[nokkel]})
        if meldingar:
            plan.feil.extend(Feil("", r["rad"], m) for m in meldingar)
            continue
        sett[nokkel] = r["rad"]
        if nokkel in punkt:
            if _ulik(punkt[nokkel], verdi):
                plan.endra_punkt.append((punkt[nokkel], verdi))
            else:
                plan.uendra += 1
            continue
        if nokkel[0] not in foremaal:
            foremaal.add(nokkel[0])
            plan.nye_foremaal.append(verdi["foremaal"])
        if nokkel[:2] not in typar:
            typar.add(nokkel[:2])
            plan.nye_typar.append((verdi["foremaal"], verdi["type"]))
        plan.nye_punkt.append(verdi)
    return plan


@transaction.atomic
def importer(liste, rader, *, user):
    """Apply an import file to a draft checklist, all or nothing: the rows are checked again
    (something may have changed since the preview), then purposes, types and points are written
    in bulk with their history. Refuses a published checklist (it changes point by point, so
    answers keep their wording). Returns the plan it carried out."""
    liste = Sjekkliste.objects.select_for_update().get(pk=liste.pk)
    if liste.publisert:
        raise Ugyldig(_("A published checklist is changed point by point, not by import."))
    plan = planlegg_import(liste, rader)
    if plan.feil:
        raise Ugyldig(_("The file has errors; nothing was saved."), plan.feil)
    grunn = grunnkode("Imported by %(namn)s") % {"namn": user.namn}
    foremaal = {_nokkel(f.namn): f for f in liste.foremaal.all()}
    start = max((f.rekkjefolgje for f in foremaal.values()), default=-1) + 1
    nye = bulk_create_with_history(
        [
            Foremaal(sjekkliste=liste, namn=namn, rekkjefolgje=start + i)
            for i, namn in enumerate(plan.nye_foremaal)
        ],
        Foremaal,
        default_user=user,
        default_change_reason=grunn,
    )
    foremaal.update({_nokkel(f.namn): f for f in nye})

    typar = {
        (_nokkel(t.foremaal.namn), _nokkel(t.namn)): t
        for t in Sjekktype.objects.filter(foremaal__sjekkliste=liste).select_related("foremaal")
    }
    neste_type = defaultdict(int)
    for t in typar.values():
        neste_type[t.foremaal_id] = max(neste_type[t.foremaal_id], t.rekkjefolgje + 1)
    nye_typar = []
    for f_namn, t_namn in plan.nye_typar:
        f = foremaal[_nokkel(f_namn)]
        nye_typar.append(Sjekktype(foremaal=f, namn=t_namn, rekkjefolgje=neste_type[f.pk]))
        neste_type[f.pk] += 1
    for t in bulk_create_with_history(nye_typar, Sjekktype, default_user=user, default_change_reason=grunn):
        typar[(_nokkel(t.foremaal.namn), _nokkel(t.namn))] = t

    neste_punkt = defaultdict(
        int,
        {
            r["sjekktype"]: r["n"] + 1
            for r in Sjekkpunkt.objects.filter(sjekktype__foremaal__sjekkliste=liste)
            .values("sjekktype")
            .annotate(n=Max("rekkjefolgje"))
        },
    )
    nye_punkt = []
    for v in plan.nye_punkt:
        t = typar[(_nokkel(v["foremaal"]), _nokkel(v["type"]))]
        nye_punkt.append(
            Sjekkpunkt(
                sjekktype=t,
                sporsmaal=v["sporsmaal"],
                rekkjefolgje=neste_punkt[t.pk],
                **{k: v[k] for k in IMPORTFELT},
            )
        )
        neste_punkt[t.pk] += 1
    lagra = bulk_create_with_history(nye_punkt, Sjekkpunkt, default_user=user, default_change_reason=grunn)
    for p, v in zip(lagra, plan.nye_punkt, strict=True):
        if v["einingar"]:  # few points name units; each keeps its units in its history
            p.einingar.set(v["einingar"])

    for p, v in plan.endra_punkt:
        for k in IMPORTFELT:
            setattr(p, k, v[k])
        p.versjon += 1
        _grunn(p, grunn).save()
        if {e.pk for e in p.einingar.all()} != {e.pk for e in v["einingar"]}:
            p.einingar.set(v["einingar"])
    return plan


# --- answering ----------------------------------------------------------------------------


def _kategori():
    return grunndata.last_inn(Kategori)


@transaction.atomic
def lagre_svar(eining, rader, *, user):
    """Store a unit's answers for several points at once; all or nothing.

    `rader`: dicts with `punkt` (a Sjekkpunkt), `periode` (code), `verdi`, `kommentar`,
    `versjon` (of the answer the form was built from; 0 for none) and `oppdrag` (raise an
    improvement oppdrag for a «nei»). Returns the stored answers.

    Refuses (Ugyldig, nothing saved) a point that does not apply to the unit, a period that is
    not open, and «nei»/«delvis» without a comment. An answer someone else saved since the form
    was built is a conflict (Konflikt with the fresh answers), unless it already says the same —
    so a double submit stores once."""
    i_dag = klokke.i_dag()
    feil = {}
    for i, r in enumerate(rader):
        p = r["punkt"]
        if (
            not p.sjekktype.foremaal.sjekkliste.publisert
            or not plikt.gjeld(p, eining)
            or not plikt.i_kraft(p, r["periode"])
        ):
            feil[i] = _("This check point is not one the unit answers for this period.")
        elif not plikt.er_open(p, r["periode"], i_dag):
            feil[i] = _("The period is closed for answers.")
        elif r["verdi"] not in Svar.Verdi.values:
            feil[i] = _("Choose an answer.")
        elif r["verdi"] in Svar.KREV_KOMMENTAR and not (r.get("kommentar") or "").strip():
            feil[i] = _("Write a comment when the answer is no or partly.")
        elif r.get("oppdrag") and r["verdi"] != Svar.Verdi.NEI:
            feil[i] = _("An improvement assignment is raised from a «no».")
    if feil:
        raise Ugyldig(_("Some answers could not be saved. Nothing was saved; see the messages."), feil)

    finst = {
        (s.punkt_id, s.periode): s
        for s in Svar.objects.select_for_update().filter(
            eining=eining, punkt__in=[r["punkt"] for r in rader], periode__in={r["periode"] for r in rader}
        )
    }
    konfliktar = []
    lagra = []
    for r in rader:
        p, kode = r["punkt"], r["periode"]
        kommentar = (r.get("kommentar") or "").strip()
        s = finst.get((p.pk, kode))
        if s is not None and s.verdi == r["verdi"] and s.kommentar == kommentar:
            lagra.append(s)
            if r.get("oppdrag") and s.oppdrag_id is None:
                lag_forbetring(s, user)
            continue  # unchanged (or a double submit): nothing to store
        if (s.versjon if s else 0) != (r.get("versjon") or 0):
            konfliktar.append(s)
            continue
        if s is None:
            s = Svar(punkt=p, eining=eining, periode=kode, svart_av=user)
            grunn = grunnkode("Answered by %(namn)s") % {"namn": user.namn}
        else:
            s.versjon += 1
            grunn = grunnkode("Changed by %(namn)s") % {"namn": user.namn}
        s.verdi, s.kommentar, s.svart_av, s.svart_at = r["verdi"], kommentar, user, klokke.no()
        _grunn(s, grunn).save()
        if r.get("oppdrag") and s.oppdrag_id is None:
            lag_forbetring(s, user)
        lagra.append(s)
    if konfliktar:
        transaction.set_rollback(True)
        raise Konflikt([k for k in konfliktar if k is not None])
    return lagra


@transaction.atomic
def svar_i_bulk(svar, *, grunn):
    """Answers made elsewhere (the demo; an import of a year answered on paper) stored in bulk
    with history, skipping any the unit has given already for the point and period."""
    finst = set(
        Svar.objects.filter(punkt__in={s.punkt_id for s in svar}).values_list(
            "punkt_id", "eining_id", "periode"
        )
    )
    nye = [s for s in svar if (s.punkt_id, s.eining_id, s.periode) not in finst]
    return bulk_create_with_history(nye, Svar, batch_size=1000, default_change_reason=grunn)


@transaction.atomic
def lag_forbetring(svar, user):
    """The improvement oppdrag of a «nei»: category internkontroll, in the unit (so its leader,
    who answered, owns it), linked to the answer and through it to the point."""
    punkt = svar.punkt
    o = oppdrag_tenester.lag_oppdrag(
        eining=svar.eining,
        aar=klokke.i_dag().year,
        user=user,
        tittel=_("Improve: %(punkt)s") % {"punkt": punkt.sporsmaal},
        # by the end of next month unless its owner sets another: the next monthly meeting but one
        frist=periodar.for_dag(
            periodar.for_dag(klokke.i_dag(), periodar.MAANAD).til + datetime.timedelta(days=1),
            periodar.MAANAD,
        ).til,
        skildring=_("Raised from the internal-control checklist (%(periode)s): %(kommentar)s")
        % {"periode": svar.periode, "kommentar": svar.kommentar},
        kategori=_kategori(),
        tema=Tema.objects.filter(kode=TEMA).first(),
    )
    svar.oppdrag = o
    svar.versjon += 1
    _grunn(svar, grunnkode("Improvement assignment raised by %(namn)s") % {"namn": user.namn}).save()
    return o


@transaction.atomic
def folg_opp(liste, eining, periode, versjon, *, kommentar, droefta, user):
    """The leader above comments on a unit's answers for the period and marks them discussed
    (or not). `versjon` is the follow-up's the form was built from (0 for none)."""
    o, _ny = Oppfolging.objects.select_for_update().get_or_create(
        sjekkliste=liste, eining=eining, periode=periode
    )
    if o.versjon != (versjon or 1) and not (
        o.kommentar == kommentar.strip() and bool(o.droefta_at) == droefta
    ):
        raise Konflikt(o)
    o.kommentar = kommentar.strip()
    if droefta and not o.droefta_at:
        o.droefta_at, o.droefta_av = klokke.no(), user
    elif not droefta:
        o.droefta_at, o.droefta_av = None, None
    o.versjon += 1
    _grunn(o, grunnkode("Followed up by %(namn)s") % {"namn": user.namn}).save()
    return o


# --- tilsyn -------------------------------------------------------------------------------

TILSYNSFELT = ("myndigheit", "dato", "tema", "eining", "saksnummer", "rapport_dato", "lukka_at")


def _same_tilsyn(felt):
    """Inspections with the same authority, date and theme (case and spacing aside)."""
    return Tilsyn.objects.filter(
        myndigheit__iexact=" ".join(felt["myndigheit"].split()),
        dato=felt["dato"],
        tema__iexact=" ".join(felt["tema"].split()),
    )


def _stell_tilsyn(felt):
    for k in ("myndigheit", "tema", "saksnummer"):
        if isinstance(felt.get(k), str):
            felt[k] = " ".join(felt[k].split())
    return felt


@transaction.atomic
def registrer_tilsyn(*, user, **felt):
    """Register an inspection. One with the same authority, date and theme is the same
    inspection: a second submit (a double click, two tabs) returns the first, with `fanst` set,
    and stores nothing. The registering person's row is locked, so their racing submits queue."""
    felt = _stell_tilsyn(felt)
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
    finst = _same_tilsyn(felt).order_by("pk").first()
    if finst is not None:
        finst.fanst = True
        return finst
    t = _grunn(Tilsyn(registrert_av=user, **felt), grunnkode("Registered by %(namn)s") % {"namn": user.namn})
    t.save()
    t.fanst = False
    return t


@transaction.atomic
def endre_tilsyn(tilsyn, versjon, *, user, **felt):
    """Change an inspection's facts. A form built from an older version is a conflict (Konflikt
    with the fresh row), unless the inspection already says what it sends (a double submit, which
    changes nothing). Changing it into another registered inspection (same authority, date and
    theme) is refused (Ugyldig)."""
    felt = _stell_tilsyn(felt)
    fersk = Tilsyn.objects.select_for_update().get(pk=tilsyn.pk)
    if all(getattr(fersk, k) == v for k, v in felt.items()):
        return fersk
    if fersk.versjon != versjon:
        raise Konflikt(fersk)
    if {"myndigheit", "dato", "tema"} <= felt.keys() and _same_tilsyn(felt).exclude(pk=fersk.pk).exists():
        raise Ugyldig(
            _("Another inspection with this authority, date and theme is registered already."),
            {"tema": _("Registered already for this authority and date.")},
        )
    for k, v in felt.items():
        setattr(fersk, k, v)
    fersk.versjon += 1
    _grunn(fersk, grunnkode("Changed by %(namn)s") % {"namn": user.namn}).save()
    return fersk


@transaction.atomic
def legg_til_funn(tilsyn, *, user, eining, **felt):
    """A finding, followed up as an oppdrag (category internkontroll) in the unit that must
    close it; its leader owns it (no leader: no owner, listed for the kommunedirektør).

    The same finding again (kind, number and text) is a double submit: the first is returned,
    with `fanst` set, and no second oppdrag is made. The inspection's row is locked, so two
    submits at once queue."""
    tilsyn = Tilsyn.objects.select_for_update().get(pk=tilsyn.pk)
    felt["tekst"] = felt["tekst"].strip()
    felt["nummer"] = " ".join((felt.get("nummer") or "").split())
    finst = tilsyn.funn.filter(type=felt["type"], nummer=felt["nummer"], tekst=felt["tekst"]).first()
    if finst is not None:
        finst.fanst = True
        return finst
    f = Funn(tilsyn=tilsyn, **felt)
    tittel = _("%(type)s %(nummer)s after inspection: %(tema)s") % {
        "type": f.get_type_display(),
        "nummer": f.nummer,
        "tema": tilsyn.tema,
    }
    f.oppdrag = oppdrag_tenester.lag_oppdrag(
        eining=eining,
        aar=klokke.i_dag().year,
        user=user,
        tittel=capfirst(" ".join(tittel.split()))[:500],
        skildring=_("%(myndigheit)s, inspection %(dato)s: %(tekst)s")
        % {"myndigheit": tilsyn.myndigheit, "dato": lang(tilsyn.dato), "tekst": f.tekst},
        frist=f.frist,
        kategori=_kategori(),
        tema=Tema.objects.filter(kode=TEMA).first(),
    )
    _grunn(
        f, grunnkode("Finding «%(funn)s» registered by %(namn)s") % {"funn": str(f), "namn": user.namn}
    ).save()
    f.fanst = False
    return f
