"""Writes to plans: saving what the forms edit, editors and attachments, numbering, rullering,
comparison, imports."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from alver.lib import klokke
from alver.lib.belop import Eining as BelopEining
from alver.lib.belop import les_belop
from alver.lib.desimal import desimalar_i, vis_desimal
from alver.lib.historikk import bulk_create_with_history, bulk_update_with_history, grunnkode
from alver.lib.importering import Feil, Importfeil, les_fil
from alver.lib.kroner import GRENSE
from alver.lib.samtidig import Konflikt, lagre_versjonert
from alver.models import Eining

from .models import (
    Berekraftsmaal,
    Handlingsplan,
    Indikator,
    Maal,
    MaalIndikator,
    Maalnivaa,
    Plan,
    PlanMaalnivaa,
    Planmaalverdi,
    Strategi,
    Tiltak,
    TiltakKostnad,
    Vedlegg,
)


class Planfeil(Exception):
    """A plan operation that cannot be done; the message says why, in the user's language."""


# --- saving what the forms edit ---------------------------------------------------------


@transaction.atomic
def lagre(obj, *, grunn, versjon=0, koplingar=None):
    """Save a plan, goal, strategy or tiltak as its form left it: a new one with the change
    reason, a changed one only from the version it was edited from (else Konflikt, and nothing
    is saved). `koplingar` ({field: objects}) sets its many-to-many links with it."""
    if obj.pk is None:
        obj._change_reason = grunn
        obj.save()
    else:
        lagre_versjonert(obj, versjon, grunn=grunn)
    for felt, verdiar in (koplingar or {}).items():
        getattr(obj, felt).set(verdiar)
    return obj


@transaction.atomic
def lagre_tiltak(tiltak, *, grunn, kostnader, versjon=0, koplingar=None):
    """A tiltak with its links and its cost per year ({year: kroner}; years left out have
    none), or none of them."""
    lagre(tiltak, grunn=grunn, versjon=versjon, koplingar=koplingar)
    finst = {k.aar: k for k in tiltak.kostnader.all()}
    for aar, k in finst.items():
        if aar not in kostnader:
            k._change_reason = grunn
            k.delete()
    for aar, belop in kostnader.items():
        if aar in finst:
            if finst[aar].belop != belop:
                finst[aar].belop = belop
                finst[aar]._change_reason = grunn
                finst[aar].save()
        else:
            k = TiltakKostnad(tiltak=tiltak, aar=aar, belop=belop)
            k._change_reason = grunn
            k.save()
    return tiltak


@transaction.atomic
def sett_maalnivaa(plan, nivaa, *, grunn=None):
    """The goal levels the plan uses, in order (top first); unchanged ones are left alone."""
    grunn = grunn or grunnkode("Goal levels changed")
    finst = list(plan.plannivaa.order_by("rekkjefolgje"))
    if [pm.maalnivaa_id for pm in finst] == [n.pk for n in nivaa]:
        return
    for pm in finst:
        pm._change_reason = grunn
        pm.delete()
    for i, n in enumerate(nivaa):
        pm = PlanMaalnivaa(plan=plan, maalnivaa=n, rekkjefolgje=i)
        pm._change_reason = grunn
        pm.save()


def nivaa_under(plan, parent, nivaaliste=None):
    """The level a new goal under `parent` gets by default: the plan's level below the parent's
    (the deepest one when the plan has no more), or the plan's first level at the top."""
    nivaaliste = plan.nivaaliste() if nivaaliste is None else nivaaliste
    if not nivaaliste:
        return None
    if parent is None:
        return nivaaliste[0]
    ider = [n.pk for n in nivaaliste]
    if parent.maalnivaa_id in ider:
        return nivaaliste[min(ider.index(parent.maalnivaa_id) + 1, len(ider) - 1)]
    djupn = 1
    while parent is not None:
        djupn, parent = djupn + 1, parent.parent
    return nivaaliste[min(djupn, len(ider)) - 1]


@transaction.atomic
def frys_nummer(plan, *, grunn):
    """Keep the numbers the goals have now as their own, for goals that have none yet: what a
    plan switching to own numbering shows does not change under the reader's feet."""
    brukte = {m.eige_nummer for m in plan.maal.all() if m.eige_nummer}
    for m in maaltre(plan, list(plan.maal.all()), nummerering=Plan.Nummerering.UTREKNA):
        if not m.eige_nummer and m.nummer not in brukte:
            m.eige_nummer = m.nummer
            m._change_reason = grunn
            m.save(update_fields=["eige_nummer"])
            brukte.add(m.nummer)


@transaction.atomic
def lagre_plan(plan, *, grunn, versjon=0, koplingar=None, nivaa=None):
    """A plan with its goal levels; switching to own numbering keeps today's numbers."""
    byter = (
        plan.pk is not None
        and plan.eiga_nummerering
        and Plan.objects.filter(pk=plan.pk, nummerering=Plan.Nummerering.UTREKNA).exists()
    )
    lagre(plan, grunn=grunn, versjon=versjon, koplingar=koplingar)
    if nivaa is not None:
        sett_maalnivaa(plan, nivaa, grunn=grunn)
    if byter:
        frys_nummer(plan, grunn=grunnkode("Own numbering"))
    return plan


@transaction.atomic
def lag_handlingsplan(hp):
    """A new handlingsplan for its plan; a plan has one per starting year."""
    if Handlingsplan.objects.filter(plan=hp.plan, fra_aar=hp.fra_aar).exists():
        raise Planfeil(_("The plan already has an action plan starting that year."))
    hp._change_reason = grunnkode("Created")
    hp.save()
    return hp


@transaction.atomic
def legg_til_redaktor(plan, person):
    """Let a person edit the plan (guardian's `endre_plan` on it)."""
    assign_perm("plans.endre_plan", person, plan)


@transaction.atomic
def fjern_redaktor(plan, person):
    remove_perm("plans.endre_plan", person, plan)


@transaction.atomic
def last_opp_vedlegg(plan, *, tittel, fil, user):
    v = Vedlegg(plan=plan, tittel=tittel, fil=fil, created_by=user)
    v._change_reason = grunnkode("Uploaded")
    v.save()
    return v


# --- the goal tree ----------------------------------------------------------------------


def maaltre(plan, maal=None, nummerering=None):
    """The plan's goals in tree order, each with `nummer`, `sti` and `nivaa` (depth).

    `sti` is the computed place (1, 1.1, 1.1.1); `nummer` is what readers see: the goal's own
    number when the plan has own numbering, else `sti`. Takes the goals already fetched when
    given, so a page reads them in one query."""
    if maal is None:
        maal = list(plan.maal.all())
    eiga = (nummerering or plan.nummerering) == Plan.Nummerering.EIGA
    born = defaultdict(list)
    for m in maal:
        born[m.parent_id].append(m)
    ut = []

    def gaa(parent_id, prefiks, nivaa):
        for i, m in enumerate(sorted(born[parent_id], key=lambda m: (m.rekkjefolgje, m.pk)), start=1):
            m.sti, m.nivaa = f"{prefiks}{i}", nivaa
            m.nummer = m.eige_nummer if eiga else m.sti
            ut.append(m)
            gaa(m.pk, f"{m.sti}.", nivaa + 1)

    gaa(None, "", 1)
    return ut


def neste_rekkjefolgje(qs):
    return (qs.aggregate(m=Max("rekkjefolgje"))["m"] or 0) + 1


@transaction.atomic
def flytt(obj, retning, *, syskin):
    """Move a goal, strategy or tiltak one place up (-1) or down (+1) among its siblings."""
    rekkje = list(syskin.select_for_update().order_by("rekkjefolgje", "pk"))
    i = next(i for i, o in enumerate(rekkje) if o.pk == obj.pk)
    j = i + retning
    if not 0 <= j < len(rekkje):
        return
    rekkje[i], rekkje[j] = rekkje[j], rekkje[i]
    for n, o in enumerate(rekkje, start=1):
        if o.rekkjefolgje != n:
            o.rekkjefolgje = n
            o._change_reason = grunnkode("Order changed")
            o.save(update_fields=["rekkjefolgje"])


# --- rullering --------------------------------------------------------------------------


@transaction.atomic
def rull_handlingsplan(hp, *, user):
    """Make next year's handlingsplan: open tiltak carried over, linked to their previous
    version; finished ones stay behind. The old version is left as it was."""
    hp = Handlingsplan.objects.select_for_update().get(pk=hp.pk)
    if Handlingsplan.objects.filter(forrige=hp).exists():
        raise Planfeil(_("This action plan has already been rolled."))
    if Handlingsplan.objects.filter(plan=hp.plan, fra_aar=hp.fra_aar + 1).exists():
        raise Planfeil(
            _("The plan already has an action plan starting in %(aar)s.") % {"aar": hp.fra_aar + 1}
        )
    ny = Handlingsplan(plan=hp.plan, fra_aar=hp.fra_aar + 1, til_aar=hp.til_aar + 1, forrige=hp)
    ny._change_reason = grunnkode("Rolled from %(hp)s") % {"hp": hp}
    ny.save()

    gamle = list(
        hp.tiltak.filter(status__in=Tiltak.OPNE)
        .prefetch_related("maal", "strategiar", "kostnader")
        .order_by("rekkjefolgje", "pk")
    )
    nye = [
        Tiltak(
            handlingsplan=ny,
            tittel=t.tittel,
            skildring=t.skildring,
            okonomisk=t.okonomisk,
            ansvarleg_eining_id=t.ansvarleg_eining_id,
            status=t.status,
            forrige=t,
            rekkjefolgje=t.rekkjefolgje,
        )
        for t in gamle
    ]
    bulk_create_with_history(nye, Tiltak, default_user=user, default_change_reason=ny._change_reason)
    nye = {t.forrige_id: t for t in ny.tiltak.all()}
    Tiltak.maal.through.objects.bulk_create(
        [Tiltak.maal.through(tiltak_id=nye[t.pk].pk, maal_id=m.pk) for t in gamle for m in t.maal.all()]
    )
    Tiltak.strategiar.through.objects.bulk_create(
        [
            Tiltak.strategiar.through(tiltak_id=nye[t.pk].pk, strategi_id=s.pk)
            for t in gamle
            for s in t.strategiar.all()
        ]
    )
    bulk_create_with_history(
        # costs for years the new version no longer covers stay with the old one
        [
            TiltakKostnad(tiltak=nye[t.pk], aar=k.aar, belop=k.belop)
            for t in gamle
            for k in t.kostnader.all()
            if k.aar in ny.aar
        ],
        TiltakKostnad,
        default_user=user,
    )
    return ny


# --- comparing two versions -------------------------------------------------------------


@dataclass
class Samanlikning:
    lagde_til: list = field(default_factory=list)
    tekne_bort: list = field(default_factory=list)
    endra: list = field(default_factory=list)  # (gammal, ny, [(felt, gammal verdi, ny verdi)])
    uendra: int = 0


def _fingeravtrykk(t, aar):
    return {
        _("title"): t.tittel,
        _("description"): t.skildring,
        _("economic"): _("yes") if t.okonomisk else _("no"),
        _("status"): t.get_status_display(),
        _("responsible unit"): str(t.ansvarleg_eining or "–"),
        _("goals"): ", ".join(sorted(str(m.pk) for m in t.maal.all())),
        _("cost per year"): ", ".join(f"{k.aar}: {k.belop}" for k in t.kostnader.all() if k.aar in aar),
    }


def samanlikn(gammal, ny):
    """What was added, removed and changed from one version of a handlingsplan to another,
    following each tiltak back through its previous versions."""
    felles = Tiltak.objects.filter(handlingsplan__plan=gammal.plan).select_related("ansvarleg_eining")
    felles = felles.prefetch_related("maal", "kostnader")
    alle = {t.pk: t for t in felles}
    i_gammal = {pk for pk, t in alle.items() if t.handlingsplan_id == gammal.pk}
    res = Samanlikning()
    funne = set()
    felles_aar = set(gammal.aar) & set(ny.aar)  # a year that left the period is not a change
    for t in sorted(
        (t for t in alle.values() if t.handlingsplan_id == ny.pk), key=lambda t: (t.rekkjefolgje, t.pk)
    ):
        opphav = alle.get(t.forrige_id)
        while opphav is not None and opphav.pk not in i_gammal:
            opphav = alle.get(opphav.forrige_id)
        if opphav is None:
            res.lagde_til.append(t)
            continue
        funne.add(opphav.pk)
        a, b = _fingeravtrykk(opphav, felles_aar), _fingeravtrykk(t, felles_aar)
        skilnad = [(k, a[k], b[k]) for k in a if a[k] != b[k]]
        if skilnad:
            res.endra.append((opphav, t, skilnad))
        else:
            res.uendra += 1
    res.tekne_bort = sorted((alle[pk] for pk in i_gammal - funne), key=lambda t: (t.rekkjefolgje, t.pk))
    return res


# --- imports ----------------------------------------------------------------------------

MAAL_KOLONNER = {
    "nummer": "nummer",
    "maal_nummer": "nummer",
    "mål_nummer": "nummer",
    "number": "nummer",
    "nr": "nummer",
    "type": "type",
    "kind": "type",
    "nivå": "nivaa",
    "nivaa": "nivaa",
    "level": "nivaa",
    "tittel": "tittel",
    "tekst": "tittel",
    "title": "tittel",
    "mål": "tittel",
    "maal": "tittel",
    "skildring": "skildring",
    "beskrivelse": "skildring",
    "description": "skildring",
    "berekraftsmaal": "berekraftsmaal",
    "berekraftsmål": "berekraftsmaal",
    "bærekraftsmål": "berekraftsmaal",
    "sdg": "berekraftsmaal",
}
MAAL_PAAKRAVD = ["tittel"]
TILTAK_KOLONNER = {
    "tittel": "tittel",
    "tiltak": "tittel",
    "title": "tittel",
    "skildring": "skildring",
    "beskrivelse": "skildring",
    "description": "skildring",
    "okonomisk": "okonomisk",
    "økonomisk": "okonomisk",
    "economic": "okonomisk",
    "eining_kode": "eining_kode",
    "ansvar": "eining_kode",
    "eining": "eining_kode",
    "unit_code": "eining_kode",
    "maal": "maal",
    "mål": "maal",
    "goals": "maal",
    "status": "status",
}
TILTAK_PAAKRAVD = ["tittel"]
JA = {"ja", "j", "yes", "y", "x", "1", "true", "økonomisk", "okonomisk"}
NEI = {"", "nei", "n", "no", "0", "false", "ikkje-økonomisk", "ikkje økonomisk"}


def _tal_liste(tekst):
    return [d.strip() for d in str(tekst or "").replace(";", ",").split(",") if d.strip()]


STRATEGI_ORD = {"strategi", "strategiar", "strategier", "strategy", "strategies"}
MAAL_ORD = {"mål", "maal", "delmål", "hovudmål", "hovedmål", "goal"}


@dataclass
class Maalimport:
    """What a goal file would do: errors by row, or the goals and strategies to create, the
    plan's goal levels after it (None: unchanged) and whether it brings its own numbers."""

    feil: list = field(default_factory=list)
    maal: list = field(default_factory=list)
    strategiar: list = field(default_factory=list)
    nivaa: list | None = None
    eiga: bool = False


def _sdg(r, fil, feil, berekraft):
    sdg = []
    for x in _tal_liste(r.get("berekraftsmaal")):
        if not x.isdigit() or int(x) not in berekraft:
            feil.append(
                Feil(fil, r["rad"], _("%(x)s is not one of the 17 sustainable development goals.") % {"x": x})
            )
            return None
        sdg.append(int(x))
    return sdg


def _nummer(r):
    return str(r.get("nummer") or "").strip().rstrip(".")


def _brukte_nummer(plan):
    """The numbers the plan's goals show once it has own numbering (frozen ones included)."""
    return {m.eige_nummer or m.sti: m for m in maaltre(plan, nummerering=Plan.Nummerering.UTREKNA)}


def planlegg_maalimport(plan, rader):
    """Check goal and strategy rows without saving anything.

    Two kinds of file: with a level column (nivå: visjon, satsingsområde, ..., strategi) the
    tree follows the levels in the order they first appear, and numbers are the document's own
    (any text); without it, the numbers (1, 1.2) give the tree as before. A strategy row with
    no goal above it (or no number, in the second kind) belongs to the plan as a whole."""
    if any(str(r.get("nivaa") or "").strip() for r in rader):
        return _planlegg_etter_nivaa(plan, rader)
    return _planlegg_etter_nummer(plan, rader)


def _planlegg_etter_nivaa(plan, rader):
    fil = _("Goals")
    res = Maalimport()
    oppslag = {}
    for n in Maalnivaa.objects.all():
        for namn in (n.kode, n.namn_nn, n.namn_nb, n.namn_en):
            oppslag[namn.strip().lower()] = n
    har_maal = plan.maal.exists()
    nivaa = plan.nivaaliste() if har_maal else []
    berekraft = {b.nummer: b for b in Berekraftsmaal.objects.all()}
    eiga = any(
        _nummer(r)
        for r in rader
        if str(r.get("nivaa") or r.get("type") or "").strip().lower() not in STRATEGI_ORD
    )
    brukte = _brukte_nummer(plan) if eiga else {}
    sett, stabel = {}, []  # stabel: (level index, key) of the goals the next row may sit under
    for r in rader:
        tekst = str(r.get("nivaa") or r.get("type") or "").strip().lower()
        nummer = _nummer(r)
        if not r.get("tittel"):
            res.feil.append(Feil(fil, r["rad"], _("The title is required.")))
            continue
        if tekst in STRATEGI_ORD:
            res.strategiar.append(r | {"nummer": nummer, "maal_nokkel": stabel[-1][1] if stabel else None})
            continue
        n = oppslag.get(tekst)
        if n is None:
            res.feil.append(
                Feil(
                    fil,
                    r["rad"],
                    _("«%(nivaa)s» is not a goal level. Use one of: %(liste)s, or strategi.")
                    % {"nivaa": tekst, "liste": ", ".join(sorted({x.namn for x in oppslag.values()}))},
                )
            )
            continue
        if n not in nivaa:
            nivaa.append(n)
        k = nivaa.index(n)
        while stabel and stabel[-1][0] >= k:
            stabel.pop()
        if len(stabel) >= Maal.MAKS_NIVAA:
            res.feil.append(Feil(fil, r["rad"], _("Goals go at most three levels deep.")))
            continue
        if eiga and not nummer:
            res.feil.append(
                Feil(fil, r["rad"], _("The file numbers its goals: give this goal its number too."))
            )
            continue
        if nummer and (nummer in brukte or nummer in sett):
            kvar = _("the plan") if nummer in brukte else _("row %(rad)s") % {"rad": sett[nummer]}
            res.feil.append(
                Feil(
                    fil, r["rad"], _("Goal %(nr)s already exists in %(kvar)s.") % {"nr": nummer, "kvar": kvar}
                )
            )
            continue
        sdg = _sdg(r, fil, res.feil, berekraft)
        if sdg is None:
            continue
        nokkel = f"rad:{r['rad']}"
        if nummer:
            sett[nummer] = r["rad"]
        res.maal.append(
            r
            | {
                "nummer": nummer,
                "nokkel": nokkel,
                "forelder": stabel[-1][1] if stabel else "",
                "forelder_pk": None,
                "nivaa_pk": n.pk,
                "sdg": sdg,
            }
        )
        stabel.append((k, nokkel))
    res.nivaa, res.eiga = nivaa, eiga
    return res


def _planlegg_etter_nummer(plan, rader):
    fil = _("Goals")
    res = Maalimport()
    feil = res.feil
    finst = {m.nummer: m for m in maaltre(plan)}
    brukte = _brukte_nummer(plan)
    berekraft = {b.nummer: b for b in Berekraftsmaal.objects.all()}
    nivaaliste = plan.nivaaliste()
    nye, sett = {}, {}
    for r in rader:
        nummer = _nummer(r)
        kind = (r.get("type") or "mål").strip().lower()
        if not r.get("tittel"):
            feil.append(Feil(fil, r["rad"], _("The title is required.")))
            continue
        if kind not in MAAL_ORD | STRATEGI_ORD:
            feil.append(Feil(fil, r["rad"], _("The kind must be «mål» or «strategi».")))
            continue
        if kind in STRATEGI_ORD and not nummer:
            res.strategiar.append(r | {"nummer": "", "maal_nokkel": None})
            continue
        ledd = nummer.split(".")
        if not nummer or not all(x.isdigit() for x in ledd):
            feil.append(
                Feil(fil, r["rad"], _("%(nr)s is not a goal number like 1, 1.2 or 1.2.3.") % {"nr": nummer})
            )
            continue
        if kind in STRATEGI_ORD:
            if nummer not in nye and nummer not in finst:
                feil.append(
                    Feil(
                        fil,
                        r["rad"],
                        _("Goal %(nr)s is neither in the file nor in the plan.") % {"nr": nummer},
                    )
                )
                continue
            res.strategiar.append(r | {"nummer": "", "maal_nokkel": nummer})
            continue
        if len(ledd) > Maal.MAKS_NIVAA:
            feil.append(Feil(fil, r["rad"], _("Goals go at most three levels deep.")))
            continue
        if nummer in finst or nummer in brukte or nummer in sett:
            kvar = _("row %(rad)s") % {"rad": sett[nummer]} if nummer in sett else _("the plan")
            feil.append(
                Feil(
                    fil, r["rad"], _("Goal %(nr)s already exists in %(kvar)s.") % {"nr": nummer, "kvar": kvar}
                )
            )
            continue
        forelder = ".".join(ledd[:-1])
        if forelder and forelder not in nye and forelder not in finst:
            feil.append(
                Feil(
                    fil,
                    r["rad"],
                    _("The parent goal %(nr)s is neither in the file nor in the plan.") % {"nr": forelder},
                )
            )
            continue
        sdg = _sdg(r, fil, feil, berekraft)
        if sdg is None:
            continue
        sett[nummer] = r["rad"]
        djupn = len(ledd)
        nye[nummer] = r | {
            "nummer": nummer,
            "nokkel": nummer,
            "forelder": forelder if forelder in nye else "",
            "forelder_pk": finst[forelder].pk if forelder and forelder not in nye else None,
            "nivaa_pk": nivaaliste[min(djupn, len(nivaaliste)) - 1].pk if nivaaliste else None,
            "sdg": sdg,
        }
    res.maal = list(nye.values())
    res.eiga = bool(res.maal)
    return res


@transaction.atomic
def importer_maal(plan, rader, *, user):
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    res = planlegg_maalimport(plan, rader)
    if res.feil:
        raise Importfeil(_("The file has errors; nothing was saved."))
    grunn = grunnkode("Imported from file")
    if res.nivaa is not None:
        sett_maalnivaa(plan, res.nivaa, grunn=grunn)
    if res.eiga and not plan.eiga_nummerering:
        # the document's numbers are kept from now on; the goals already there keep theirs
        frys_nummer(plan, grunn=grunn)
        plan.nummerering = Plan.Nummerering.EIGA
        lagre_versjonert(plan, plan.versjon, grunn=grunn)
    nye, neste = {}, {}
    for r in res.maal:
        parent = nye.get(r["forelder"]) if r["forelder"] else None
        if parent is None and r["forelder_pk"]:
            parent = plan.maal.get(pk=r["forelder_pk"])
        syskin = parent.pk if parent else None
        if syskin not in neste:
            neste[syskin] = neste_rekkjefolgje(plan.maal.filter(parent=parent))
        m = Maal(
            plan=plan,
            parent=parent,
            maalnivaa_id=r["nivaa_pk"],
            eige_nummer=r["nummer"] if res.eiga else "",
            tittel=r["tittel"],
            skildring=r.get("skildring", ""),
            rekkjefolgje=neste[syskin],
        )
        neste[syskin] += 1
        m._change_reason = grunn
        m.save()
        if r["sdg"]:
            m.berekraftsmaal.set(Berekraftsmaal.objects.filter(nummer__in=r["sdg"]))
        nye[r["nokkel"]] = m
    finst = {m.nummer: m for m in maaltre(plan)} if any(r["maal_nokkel"] for r in res.strategiar) else {}
    neste = {}
    for r in res.strategiar:
        key = r["maal_nokkel"]
        maal = (nye.get(key) or finst.get(key)) if key else None
        nokkel = maal.pk if maal else None
        if nokkel not in neste:
            neste[nokkel] = neste_rekkjefolgje(plan.strategiar.filter(maal=maal))
        s = Strategi(
            plan=plan,
            maal=maal,
            eige_nummer=r["nummer"][:30],
            tittel=r["tittel"],
            rekkjefolgje=neste[nokkel],
        )
        neste[nokkel] += 1
        s._change_reason = grunn
        s.save()
    return len(res.maal), len(res.strategiar)


def planlegg_tiltakimport(hp, rader, eining=BelopEining.KRONER):
    fil = _("Measures")
    feil, ok = [], []
    maal = {m.nummer: m for m in maaltre(hp.plan)}
    einingar = {e.kode: e for e in Eining.objects.aktive()}
    statusar = {s.value: s for s in Tiltak.Status} | {str(s.label).lower(): s for s in Tiltak.Status}
    tittel_maks = Tiltak._meta.get_field("tittel").max_length
    for r in rader:
        if not r.get("tittel"):
            feil.append(Feil(fil, r["rad"], _("The title is required.")))
            continue
        if len(str(r["tittel"])) > tittel_maks:
            feil.append(
                Feil(
                    fil,
                    r["rad"],
                    _("The title is %(n)s characters long; at most %(maks)s fit. Shorten it in the file.")
                    % {"n": len(str(r["tittel"])), "maks": tittel_maks},
                )
            )
            continue
        okonomisk = str(r.get("okonomisk", "")).strip().lower()
        if okonomisk not in JA | NEI:
            feil.append(Feil(fil, r["rad"], _("«Economic» must be ja or nei.")))
            continue
        kode = str(r.get("eining_kode", "")).strip()
        if kode and kode not in einingar:
            feil.append(Feil(fil, r["rad"], _("The unit code %(kode)s is not known.") % {"kode": kode}))
            continue
        manglar = [n for n in _tal_liste(r.get("maal")) if n.rstrip(".") not in maal]
        if manglar:
            feil.append(Feil(fil, r["rad"], _("The plan has no goal %(nr)s.") % {"nr": ", ".join(manglar)}))
            continue
        status = str(r.get("status") or "forslag").strip().lower()
        if status not in statusar:
            feil.append(Feil(fil, r["rad"], _("Unknown status %(s)s.") % {"s": r.get("status")}))
            continue
        kostnader, feil_her = {}, False
        for aar in hp.aar:
            try:
                belop = les_belop(r.get(str(aar)), eining)
                if belop is not None and abs(belop) > GRENSE:
                    raise ValueError
            except ValueError:
                feil.append(
                    Feil(
                        fil,
                        r["rad"],
                        _("The cost for %(aar)s is not a whole number of kroner.") % {"aar": aar}
                        if eining == BelopEining.KRONER
                        else _("The cost for %(aar)s, «%(verdi)s» %(eining)s, does not come to whole kroner.")
                        % {"aar": aar, "verdi": r.get(str(aar)), "eining": BelopEining(eining).label},
                    )
                )
                feil_her = True
                break
            if belop is not None:
                kostnader[aar] = belop
        if feil_her:
            continue
        if kostnader and okonomisk not in JA:
            feil.append(
                Feil(
                    fil,
                    r["rad"],
                    _("Only an economic measure has costs. Tick «economic» or remove the costs."),
                )
            )
            continue
        ok.append(
            r
            | {
                "okonomisk": okonomisk in JA,
                "status": statusar[status].value,
                "kostnader": kostnader,
                "eining_kode": kode,
                "maal_nr": [n.rstrip(".") for n in _tal_liste(r.get("maal"))],
            }
        )
    return feil, ok


@transaction.atomic
def importer_tiltak(hp, rader, *, user, eining=BelopEining.KRONER):
    feil, ok = planlegg_tiltakimport(hp, rader, eining)
    if feil:
        raise Importfeil(_("The file has errors; nothing was saved."))
    maal = {m.nummer: m for m in maaltre(hp.plan)}
    einingar = {e.kode: e for e in Eining.objects.aktive()}
    start = neste_rekkjefolgje(hp.tiltak.all())
    grunn = grunnkode("Imported from file")
    for i, r in enumerate(ok):
        t = Tiltak(
            handlingsplan=hp,
            tittel=r["tittel"],
            skildring=r.get("skildring", ""),
            okonomisk=r["okonomisk"],
            status=r["status"],
            rekkjefolgje=start + i,
            ansvarleg_eining=einingar.get(r["eining_kode"]),
        )
        t._change_reason = grunn
        t.save()
        if r["maal_nr"]:
            t.maal.set([maal[n] for n in r["maal_nr"]])
        for aar, belop in r["kostnader"].items():
            TiltakKostnad.objects.create(tiltak=t, aar=aar, belop=belop)
    return len(ok)


def les_importfil(fil, kind, hp=None):
    """Rows from an uploaded goal or tiltak file; the tiltak file may have a column per year."""
    if kind == "maal":
        return les_fil(fil.name, fil.read(), MAAL_KOLONNER, MAAL_PAAKRAVD)
    kolonner = dict(TILTAK_KOLONNER)
    for aar in hp.aar:
        kolonner[str(aar)] = str(aar)
        kolonner[f"kostnad_{aar}"] = str(aar)
    return les_fil(fil.name, fil.read(), kolonner, TILTAK_PAAKRAVD)


def tiltak_til_vurdering(fra_aar, til_aar):
    """Proposed tiltak for an økonomiplan period: open proposals in the current (not rolled)
    handlingsplanar overlapping it, linked to a goal or strategy (only those may be proposed)."""
    return (
        Tiltak.objects.kan_foreslaast()
        .filter(
            status=Tiltak.Status.FORSLAG,
            handlingsplan__neste__isnull=True,
            handlingsplan__fra_aar__lte=til_aar,
            handlingsplan__til_aar__gte=fra_aar,
        )
        .select_related("handlingsplan__plan")
    )


def sett_prioritering(prioriterte, ikkje_prioriterte, *, grunn):
    """Record the økonomiplan's decision on handlingsplan tiltak, in bulk and with history.
    Called inside the adoption's transaction (budget), which the row locks below need."""
    endra = []
    for status, pks in (
        (Tiltak.Status.PRIORITERT, prioriterte),
        (Tiltak.Status.IKKJE_PRIORITERT, ikkje_prioriterte),
    ):
        for t in Tiltak.objects.select_for_update().filter(pk__in=list(pks)).exclude(status=status):
            t.status = status
            t.versjon += 1  # a form opened before the decision sees a conflict, not a revert
            endra.append(t)
    bulk_update_with_history(
        endra, Tiltak, ["status", "versjon"], batch_size=1000, default_change_reason=grunn
    )
    return len(endra)


# --- the indicator register and the indicators on goals ----------------------------------


class Ugyldig(Planfeil):
    """Input the service refuses, nothing saved; `feil` maps a form field (None: the whole
    form) to the message for the user."""

    def __init__(self, feil):
        super().__init__("; ".join(str(m) for m in feil.values()))
        self.feil = feil


INDIKATORFELT = [
    "namn",
    "definisjon",
    "maaleeining",
    "desimalar",
    "retning",
    "minimum",
    "maksimum",
    "kjelde",
    "kjelde_tabell",
    "kjelde_variabel",
    "kjelde_merknad",
    "frekvens",
    "eigar_id",
]


def _stempel(obj, grunn, user):
    obj._change_reason = grunn
    if user is not None:
        obj._history_user = user
    return obj


def _verdi_tekst(verdi):
    return vis_desimal(verdi, mellomrom=" ")


def sjekk_indikator(ind):
    """What is wrong with an indicator as it would be saved ({field: message}; empty: nothing).
    The rules: 0–4 decimals; minimum not above maximum; bounds with no more decimals than the
    indicator takes; an SSB indicator names its table and variable; and targets already set on
    goals still fit (a stricter rule is refused rather than leaving targets it would refuse)."""
    feil = {}
    if ind.desimalar is None or not 0 <= ind.desimalar <= Indikator.MAKS_DESIMALAR:
        feil["desimalar"] = _("An indicator has from 0 to 4 decimals.")
    elif ind.desimalar is not None:
        for felt, tekst in (("minimum", _("The minimum")), ("maksimum", _("The maximum"))):
            grense = getattr(ind, felt)
            if grense is not None and desimalar_i(grense) > ind.desimalar:
                feil[felt] = _("%(felt)s has more decimals than the indicator takes (%(n)s).") % {
                    "felt": tekst,
                    "n": ind.desimalar,
                }
    if ind.minimum is not None and ind.maksimum is not None and ind.minimum > ind.maksimum:
        feil["maksimum"] = _("The maximum must not be below the minimum.")
    if ind.kjelde == Indikator.Kjelde.SSB:
        if not ind.kjelde_tabell.strip():
            feil["kjelde_tabell"] = _("An SSB indicator needs its table number in Statistikkbanken.")
        if not ind.kjelde_variabel.strip():
            feil["kjelde_variabel"] = _("An SSB indicator needs the table's variable (content code).")
    if not feil and ind.pk is not None:
        passar_ikkje = []
        for mv in Planmaalverdi.objects.filter(kopling__indikator_id=ind.pk).select_related("kopling__maal"):
            try:
                ind.valider(mv.verdi)
            except ValidationError as e:
                passar_ikkje.append(
                    f"{mv.aar} «{mv.kopling.maal.tittel}» ({_verdi_tekst(mv.verdi)}): {e.messages[0]}"
                )
        if passar_ikkje:
            feil[None] = _("Targets already set on goals do not fit the new rules: %(liste)s") % {
                "liste": "; ".join(passar_ikkje[:5]) + (" …" if len(passar_ikkje) > 5 else "")
            }
    return feil


def _lik_indikator(a, b):
    return all(getattr(a, f) == getattr(b, f) for f in INDIKATORFELT)


@transaction.atomic
def lagre_indikator(ind, *, versjon=0, user=None):
    """Save an indicator of the register as its form left it. Returns (indicator, stored?).

    A new one whose name is in the register already is refused, unless it is the same indicator
    in every field: then it is the same form sent twice (a double click, a second tab), and the
    one stored first is given back. A changed one is saved only from the version it was edited
    from (else Konflikt), unless what is stored already says the same (a double submit)."""
    ind.namn = " ".join(ind.namn.split())
    ind.kjelde_tabell, ind.kjelde_variabel = ind.kjelde_tabell.strip(), ind.kjelde_variabel.strip()
    if ind.pk is None:
        like = list(Indikator.objects.select_for_update().filter(namn__iexact=ind.namn))
        for f in like:
            if _lik_indikator(f, ind):
                return f, False
    else:
        fersk = Indikator.objects.select_for_update().get(pk=ind.pk)
        if fersk.versjon != versjon:
            if _lik_indikator(fersk, ind):
                return fersk, False
            raise Konflikt(fersk)
        like = list(Indikator.objects.filter(namn__iexact=ind.namn).exclude(pk=ind.pk))
    feil = sjekk_indikator(ind)
    if like:
        feil.setdefault(
            "namn", _("An indicator named «%(namn)s» is in the register already.") % {"namn": like[0].namn}
        )
    if feil:
        raise Ugyldig(feil)
    if ind.pk is None:
        _stempel(ind, _("Created"), user).save()
    else:
        ind.versjon = versjon + 1
        _stempel(ind, _("Changed"), user).save()
    return ind, True


def maalaar(plan):
    """The years a goal's targets are set for: the plan's period, or the next four years (from
    this year, or the plan's first year if later) when the plan has no end."""
    if plan.periode_fra is not None and plan.periode_til is not None:
        return list(range(plan.periode_fra, plan.periode_til + 1))
    fra = max(klokke.i_dag().year, plan.periode_fra or 0)
    return list(range(fra, fra + 4))


def sjekk_maalverdiar(indikator, maalverdiar):
    """{f"aar_{year}": message} for every target the indicator refuses (too many decimals, out
    of bounds); never rounded."""
    feil = {}
    for aar, verdi in maalverdiar.items():
        if verdi is None:
            continue
        try:
            indikator.valider(verdi)
        except ValidationError as e:
            feil[f"aar_{aar}"] = e.messages[0]
    return feil


def _utan_tomme(maalverdiar):
    return {aar: v for aar, v in maalverdiar.items() if v is not None}


def _like_verdiar(a, b):
    return a.keys() == b.keys() and all(a[k] == b[k] for k in a)


@transaction.atomic
def kople_indikator(maal, indikator, maalverdiar, *, user=None):
    """Attach an indicator of the register to a goal (mål or delmål) with the plan's targets
    ({year: Decimal or None}), all or nothing. Returns (link, stored?). Attaching the same
    indicator again with the same targets is a double submit and gives the first link back;
    with other targets it is refused (change the targets on the link instead)."""
    Maal.objects.select_for_update().filter(pk=maal.pk).first()  # one attach at a time per goal
    verdiar = _utan_tomme(maalverdiar)
    finst = MaalIndikator.objects.filter(maal=maal, indikator=indikator).first()
    if finst is not None:
        if _like_verdiar({m.aar: m.verdi for m in finst.maalverdiar.all()}, verdiar):
            return finst, False
        raise Ugyldig(
            {
                "indikator": _("«%(namn)s» is attached to this goal already; change its targets there.")
                % {"namn": indikator.namn}
            }
        )
    feil = sjekk_maalverdiar(indikator, verdiar)
    if feil:
        raise Ugyldig(feil)
    grunn = grunnkode("Indicator attached")
    kopling = MaalIndikator(
        maal=maal, indikator=indikator, rekkjefolgje=neste_rekkjefolgje(maal.indikatorar.all())
    )
    _stempel(kopling, grunn, user).save()
    bulk_create_with_history(
        [Planmaalverdi(kopling=kopling, aar=aar, verdi=v) for aar, v in sorted(verdiar.items())],
        Planmaalverdi,
        default_user=user,
        default_change_reason=grunn,
    )
    return kopling, True


@transaction.atomic
def endre_maalverdiar(kopling, maalverdiar, *, versjon, user=None):
    """Set a link's targets ({year: Decimal or None: none that year}) from the version the form
    was built from, all or nothing. A target someone saved since is a conflict (Konflikt),
    unless what is stored already says the same (a double submit). Returns the link."""
    fersk = MaalIndikator.objects.select_for_update().select_related("indikator").get(pk=kopling.pk)
    verdiar = _utan_tomme(maalverdiar)
    finst = {m.aar: m for m in fersk.maalverdiar.all()}
    no = {aar: m.verdi for aar, m in finst.items()}
    if fersk.versjon != versjon:
        if _like_verdiar({a: v for a, v in no.items() if a in maalverdiar}, verdiar):
            return fersk
        raise Konflikt(fersk)
    feil = sjekk_maalverdiar(fersk.indikator, verdiar)
    if feil:
        raise Ugyldig(feil)
    endringar, nye, endra = [], [], []
    for aar in sorted(set(maalverdiar) | set(verdiar)):
        gammal, ny = no.get(aar), verdiar.get(aar)
        if aar not in maalverdiar or gammal == ny:
            continue
        endringar.append(f"{aar}: {_verdi_tekst(gammal) or '–'} → {_verdi_tekst(ny) or '–'}")
        if ny is None:
            _stempel(finst[aar], _("Target removed"), user).delete()
        elif gammal is None:
            nye.append(Planmaalverdi(kopling=fersk, aar=aar, verdi=ny))
        else:
            finst[aar].verdi = ny
            endra.append(finst[aar])
    if not endringar:
        return fersk
    grunn = grunnkode("Targets changed: %(endringar)s") % {"endringar": ", ".join(endringar)}
    if nye:
        bulk_create_with_history(nye, Planmaalverdi, default_user=user, default_change_reason=grunn)
    if endra:
        bulk_update_with_history(
            endra, Planmaalverdi, ["verdi"], default_user=user, default_change_reason=grunn
        )
    fersk.versjon = versjon + 1
    _stempel(fersk, grunn, user).save()
    return fersk


@transaction.atomic
def fjern_kopling(kopling, *, user=None):
    """Detach an indicator from a goal, with its targets (each deletion in the history)."""
    grunn = grunnkode("Indicator detached")
    for mv in kopling.maalverdiar.all():
        _stempel(mv, grunn, user).delete()
    _stempel(kopling, grunn, user).delete()
