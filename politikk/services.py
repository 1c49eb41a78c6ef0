"""Political groups and budget proposals: what a proposal changes, its balance, submitting it,
and carrying an adopted proposal or amendment into the draft."""

from collections import defaultdict

from django.db import transaction
from django.utils.translation import gettext as _

from alver.lib import klokke
from alver.lib.historikk import bulk_create_with_history, grunnkode
from alver.lib.samtidig import lagre_endring, lagre_versjonert
from alver.models import User
from alver.permissions import Rolle
from alver.services import Varsling, varsle_mange
from budget import hovudoversikt
from budget import services as budget_services
from budget.models import Budsjettlinje, BudsjettTiltak, TiltakEffekt, Verbalpunkt

from .models import Budsjettforslag, Forslagsendring, Forslagstiltak

PRIORITERT = BudsjettTiltak.Vedtak.PRIORITERT


class Forslagsfeil(Exception):
    """The step cannot be taken; the message says why in the user's language."""


def _aar(d):
    return {int(a): v for a, v in d.items() if v is not None}


def _utkast_effektar(tiltak_ids):
    """{draft tiltak id: {year: kroner}} for the given tiltak, in one query."""
    effekt = defaultdict(dict)
    for bt_id, aar, kr in TiltakEffekt.objects.filter(budsjetttiltak__in=list(tiltak_ids)).values_list(
        "budsjetttiltak_id", "aar", "belop"
    ):
        effekt[bt_id][aar] = kr
    return effekt


def endringar_fraa(forslag):
    """The proposal's changes as plain data, for `rekn` (three queries)."""
    tiltak, nye = {}, []
    for f in forslag.tiltak.all():
        if f.budsjetttiltak_id:
            tiltak[f.budsjetttiltak_id] = (f.vedtak, _aar(f.effektar) or None)
        else:
            nye.append((f.type, f.vedtak, _aar(f.effektar)))
    rammer, linjer = defaultdict(dict), defaultdict(dict)
    for e in forslag.endringar.all():
        if e.sektor_id:
            rammer[e.sektor_id][e.aar] = e.belop
        else:
            linjer[e.art][e.aar] = e.belop
    return {"tiltak": tiltak, "nye": nye, "rammer": dict(rammer), "linjer": dict(linjer)}


def rekn(plan, endringar, grunnlag=None):
    """The main overview of the draft with a proposal's changes on top.

    `endringar`: {"tiltak": {draft tiltak id: (decision, {year: kroner} or None for the draft's)},
    "nye": [(kind, decision, {year: kroner})], "rammer": {sector id: {year: change}}, "linjer":
    {kind: {year: change}}}. A fixed number of queries whatever the number of tiltak."""
    g = grunnlag or hovudoversikt.grunnlag(plan)
    tiltak = defaultdict(int, g["tiltak"])
    valde = endringar["tiltak"]
    if valde:
        utkast = {t.pk: t for t in plan.tiltak.filter(pk__in=list(valde)).only("pk", "type", "vedtak")}
        effekt = _utkast_effektar(valde)
        for pk, (vedtak, belop) in valde.items():
            t = utkast.get(pk)
            if t is None:
                continue
            if t.vedtak == PRIORITERT:
                for aar, kr in effekt[pk].items():
                    tiltak[(t.type, aar)] -= kr
            if (vedtak or t.vedtak) == PRIORITERT:  # blank: the draft's decision
                for aar, kr in (effekt[pk] if belop is None else belop).items():
                    tiltak[(t.type, aar)] += kr
    for typ, vedtak, belop, *_resten in endringar["nye"]:
        if vedtak == PRIORITERT:
            for aar, kr in belop.items():
                tiltak[(typ, aar)] += kr
    rammer_drift = dict(g["rammer_drift"])
    for per_aar in endringar["rammer"].values():
        for aar, kr in per_aar.items():
            rammer_drift[aar] = rammer_drift.get(aar, 0) + kr
    linjer = [(art, tittel, belop) for _pk, art, tittel, belop in g["linjer"]]
    for art, per_aar in endringar["linjer"].items():
        linjer.append(
            (art, _("Change in the proposal: %(art)s") % {"art": Budsjettlinje.Art(art).label}, per_aar)
        )
    return hovudoversikt.rekn(
        plan.periode,
        linjer=linjer,
        rammer_drift=rammer_drift,
        rammer_investering=g["rammer_investering"],
        tiltak=dict(tiltak),
        maal_prosent=plan.maal_driftsresultat,
    )


def oversikt(forslag):
    return rekn(forslag.okonomiplan, endringar_fraa(forslag))


def _sjekk_utkast(forslag):
    if forslag.status != Budsjettforslag.Status.UTKAST:
        raise Forslagsfeil(_("The proposal is submitted and can no longer be changed."))
    if forslag.okonomiplan.er_vedtatt:
        raise Forslagsfeil(_("The plan is adopted; proposals to it can no longer be changed."))


@transaction.atomic
def lag_forslag(plan, gruppe, tittel, *, user):
    if plan.er_vedtatt:
        raise Forslagsfeil(_("The plan is adopted; proposals to it can no longer be made."))
    f = Budsjettforslag(okonomiplan=plan, gruppe=gruppe, tittel=tittel, created_by=user)
    f._change_reason = grunnkode("Made by %(namn)s") % {"namn": user.namn}
    f.save()
    return f


@transaction.atomic
def lagre_endringar(forslag, versjon, endringar, *, user):
    """Replace what the proposal changes with `endringar` (the shape `rekn` takes; new tiltak as
    (kind, decision, {year: kroner}, title, unit id)). Only what differs from the draft is kept.
    The proposal's version guards it: a form saved from a stale page raises Konflikt."""
    _sjekk_utkast(forslag)
    grunn = grunnkode("Changed by %(namn)s") % {"namn": user.namn}
    lagre_versjonert(forslag, versjon, grunn=grunn)
    forslag.tiltak.all().delete()
    forslag.endringar.all().delete()
    utkast = {t.pk: t for t in forslag.okonomiplan.tiltak.filter(pk__in=list(endringar["tiltak"]))}
    effekt = _utkast_effektar(utkast)
    tiltak = []
    for pk, (vedtak, belop) in endringar["tiltak"].items():
        t = utkast.get(pk)
        if t is None:
            continue
        same_vedtak = not vedtak or vedtak == t.vedtak
        same_belop = belop is None or belop == effekt[pk]
        if same_vedtak and same_belop:
            continue
        tiltak.append(
            Forslagstiltak(
                forslag=forslag,
                budsjetttiltak=t,
                type=t.type,
                vedtak="" if same_vedtak else vedtak,
                # all amounts cleared: zero in every year (an empty map would mean «as the draft»)
                effektar={}
                if same_belop
                else {
                    str(a): kr for a, kr in (belop or dict.fromkeys(forslag.okonomiplan.periode, 0)).items()
                },
            )
        )
    for typ, vedtak, belop, tittel, eining_id in endringar["nye"]:
        tiltak.append(
            Forslagstiltak(
                forslag=forslag,
                tittel=tittel,
                ansvarleg_eining_id=eining_id,
                type=typ,
                vedtak=vedtak,
                effektar={str(a): kr for a, kr in belop.items()},
            )
        )
    bulk_create_with_history(tiltak, Forslagstiltak, default_change_reason=grunn)
    bulk_create_with_history(
        [
            Forslagsendring(forslag=forslag, sektor_id=sektor_id, aar=aar, belop=kr)
            for sektor_id, per_aar in endringar["rammer"].items()
            for aar, kr in per_aar.items()
            if kr
        ]
        + [
            Forslagsendring(forslag=forslag, art=art, aar=aar, belop=kr)
            for art, per_aar in endringar["linjer"].items()
            for aar, kr in per_aar.items()
            if kr
        ],
        Forslagsendring,
        default_change_reason=grunn,
    )
    return forslag


@transaction.atomic
def lever(forslag, *, user):
    """Submit: only a proposal in balance; from then on every politician and the administration
    read it, and nobody changes it. A second submit finds it submitted."""
    forslag = Budsjettforslag.objects.select_for_update().select_related("okonomiplan").get(pk=forslag.pk)
    if forslag.status == Budsjettforslag.Status.LEVERT:
        return forslag
    _sjekk_utkast(forslag)
    o = oversikt(forslag)
    if not o["i_balanse"]:
        raise Forslagsfeil(
            _("The proposal is not in balance and cannot be submitted: %(manglar)s.")
            % {"manglar": o["manglar_tekst"]}
        )
    forslag.status = Budsjettforslag.Status.LEVERT
    forslag.levert_at = klokke.no()
    forslag = lagre_endring(forslag, _("Submitted by %(namn)s") % {"namn": user.namn})
    # økonomi and the sekretariat work with the submitted proposals («forslag_levert»)
    url = forslag.get_absolute_url()
    mottakarar = (
        User.objects.filter(is_active=True, groups__name__in=[Rolle.OKONOMI, Rolle.SEKRETARIAT])
        .exclude(pk=user.pk)
        .distinct()
        .order_by("pk")
    )
    varsle_mange(Varsling(u, "forslag_levert", forslag, url) for u in mottakarar)
    return forslag


@transaction.atomic
def del_med_okonomi(forslag, delt, *, user):
    forslag = Budsjettforslag.objects.select_for_update().get(pk=forslag.pk)
    if forslag.delt_med_okonomi == delt:
        return forslag
    forslag.delt_med_okonomi = delt
    grunn = (
        _("Shared with finance by %(namn)s") if delt else _("No longer shared with finance, by %(namn)s")
    ) % {"namn": user.namn}
    return lagre_endring(forslag, grunn)


def _laas(forslag):
    """The proposal locked and read again: a member's change and another's submit are never
    interleaved (a submitted proposal does not change after the fact)."""
    fersk = Budsjettforslag.objects.select_for_update().select_related("okonomiplan").get(pk=forslag.pk)
    _sjekk_utkast(fersk)
    return fersk


@transaction.atomic
def legg_til_verbalpunkt(forslag, vp):
    forslag = _laas(forslag)
    vp.forslag = forslag
    vp._change_reason = grunnkode("Added")
    vp.save()
    return vp


@transaction.atomic
def fjern_verbalpunkt(forslag, vp):
    _laas(forslag)
    vp._change_reason = grunnkode("Removed")
    vp.delete()


def _ledig_nummer(nummer, gruppe, finst):
    """The proposal's number if the plan does not have it; else «1 (Høgre)»; else «1-2», «1-3» …
    — always within the 30 characters a number holds, never one the plan has."""
    for kandidat in (nummer, f"{nummer} ({gruppe})"):
        if len(kandidat) <= 30 and kandidat not in finst:
            return kandidat
    k = 2
    while (kandidat := f"{nummer[:24]}-{k}") in finst:
        k += 1
    return kandidat


@transaction.atomic
def bruk_i_utkastet(forslag, *, saksnummer, user):
    """Carry a submitted proposal, adopted as a whole or as an amendment, into the draft: its
    tiltak decisions and amounts, its new tiltak, its frame and line changes, and its verbal resolutions
    (adopted, proposed by the group). The history of each changed row names the case."""
    forslag = (
        Budsjettforslag.objects.select_for_update().select_related("okonomiplan", "gruppe").get(pk=forslag.pk)
    )
    plan = forslag.okonomiplan
    if forslag.status != Budsjettforslag.Status.LEVERT:
        raise Forslagsfeil(_("Only a submitted proposal can be adopted."))
    if forslag.vedteke_som:
        raise Forslagsfeil(
            _("The proposal is already adopted (%(sak)s); its changes are in the draft.")
            % {"sak": forslag.vedteke_saksnummer}
        )
    budget_services.sjekk_endreleg(plan)
    grunn = grunnkode("Adopted from %(forslag)s, %(sak)s") % {"forslag": forslag, "sak": saksnummer}
    for f in forslag.tiltak.select_related("budsjetttiltak"):
        if f.budsjetttiltak_id:
            bt = f.budsjetttiltak
            bt.vedtak = f.vedtak or bt.vedtak
            effektar = _aar(f.effektar) or dict(bt.effektar.values_list("aar", "belop"))
            budget_services.lagre_tiltak(bt, effektar, versjon=bt.versjon, grunn=grunn)
        else:
            bt = BudsjettTiltak(
                okonomiplan=plan,
                type=f.type,
                tittel=f.tittel,
                ansvarleg_eining=f.ansvarleg_eining,
                vedtak=f.vedtak,
                fra_aar=min(_aar(f.effektar), default=plan.forste_aar),
            )
            budget_services.lagre_tiltak(bt, _aar(f.effektar), grunn=grunn)
    e = endringar_fraa(forslag)
    budget_services.juster(plan, rammer=e["rammer"], linjer=e["linjer"], grunn=grunn)
    finst = set(plan.verbalpunkt.values_list("nummer", flat=True))
    for vp in forslag.verbalpunkt.all():
        nummer = _ledig_nummer(vp.nummer, str(forslag.gruppe), finst)
        ny = Verbalpunkt(
            okonomiplan=plan,
            nummer=nummer,
            overskrift=vp.overskrift,
            tekst=vp.tekst,
            parti=str(forslag.gruppe)[:100],
            status=Verbalpunkt.Status.VEDTEKE,
            ansvarleg_sektor=vp.ansvarleg_sektor,
        )
        ny._change_reason = grunn
        ny.save()
        finst.add(nummer)
    return forslag


@transaction.atomic
def vedta(forslag, *, saksnummer, dato, heile, user):
    """Record the kommunestyre's adoption of a submitted proposal: its changes go into the draft;
    adopted as the budget, the plan is then adopted as budget adoption does it (refused, and
    nothing kept, when the result is not in balance)."""
    bruk_i_utkastet(forslag, saksnummer=saksnummer, user=user)
    forslag = Budsjettforslag.objects.select_related("okonomiplan").get(pk=forslag.pk)
    forslag.vedteke_som = "heile" if heile else "endring"
    forslag.vedteke_saksnummer, forslag.vedteke_dato = saksnummer, dato
    lagre_endring(
        forslag,
        _("Adopted by the council (%(sak)s), recorded by %(namn)s") % {"sak": saksnummer, "namn": user.namn},
    )
    if heile:
        return budget_services.vedta(forslag.okonomiplan, dato=dato, saksnummer=saksnummer, user=user)
    return None


@transaction.atomic
def lagre_gruppe(gruppe, *, versjon, medlemmer, user):
    grunn = grunnkode("Saved by %(namn)s") % {"namn": user.namn}
    if gruppe.pk:
        lagre_versjonert(gruppe, versjon or 0, grunn=grunn)
    else:
        gruppe._change_reason = grunn
        gruppe.save()
    if set(gruppe.medlemmer.values_list("pk", flat=True)) != {m.pk for m in medlemmer}:
        gruppe.medlemmer.set(medlemmer)
    return gruppe


def _sektor_for(sektorar, path):
    return next((s for s in sektorar if path.startswith(s.path)), None)


def samanlikn(plan, forslag, kolonnar):
    """The proposals beside the draft: net operating frames per sector and year (with sums), every
    tiltak any of them changes (decision and amounts over the period), and their verbal resolutions.
    A fixed number of queries per proposal, whatever the number of tiltak."""
    balanse = budget_services.balanse(plan)
    sektorar = [r["sektor"] for r in balanse["rader"] if r["sektor"] is not None]
    # frames or tiltak outside every sector keep their row, so the sums match the overview
    radsektorar = [r["sektor"] for r in balanse["rader"]]
    utkast_netto = {
        (r["sektor"].pk if r["sektor"] else None, c["aar"]): c["netto"]
        for r in balanse["rader"]
        for c in r["celler"]
    }
    alle_ft = {
        f.pk: list(f.tiltak.select_related("budsjetttiltak__ansvarleg_eining", "ansvarleg_eining"))
        for f in forslag
    }
    bt_ids = {ft.budsjetttiltak_id for fts in alle_ft.values() for ft in fts if ft.budsjetttiltak_id}
    effekt = _utkast_effektar(bt_ids)
    netto_per_forslag = {}
    for f in forslag:
        netto = dict(utkast_netto)
        for e in f.endringar.all():
            if e.sektor_id:
                netto[(e.sektor_id, e.aar)] = netto.get((e.sektor_id, e.aar), 0) + e.belop
        for ft in alle_ft[f.pk]:
            bt = ft.budsjetttiltak
            typ = bt.type if bt else ft.type
            if typ != BudsjettTiltak.Type.DRIFT:
                continue
            eining = bt.ansvarleg_eining if bt else ft.ansvarleg_eining
            s = _sektor_for(sektorar, eining.path) if eining else None
            nokkel = s.pk if s else None
            if bt and bt.vedtak == PRIORITERT:
                for aar, kr in effekt[bt.pk].items():
                    netto[(nokkel, aar)] = netto.get((nokkel, aar), 0) - kr
            if (ft.vedtak or (bt.vedtak if bt else "")) == PRIORITERT:
                for aar, kr in (_aar(ft.effektar) or (effekt[bt.pk] if bt else {})).items():
                    netto[(nokkel, aar)] = netto.get((nokkel, aar), 0) + kr
        netto_per_forslag[f.pk] = netto
    sektorrader = []
    for s in radsektorar:
        pk = s.pk if s else None
        for aar in plan.periode:
            sektorrader.append(
                {
                    "sektor": s,
                    "aar": aar,
                    "verdiar": [utkast_netto.get((pk, aar), 0)]
                    + [netto_per_forslag[f.pk].get((pk, aar), 0) for f in forslag],
                }
            )
    summar = [
        {
            "aar": aar,
            "verdiar": [
                sum(r["verdiar"][i] for r in sektorrader if r["aar"] == aar) for i in range(len(forslag) + 1)
            ],
        }
        for aar in plan.periode
    ]
    # every tiltak a proposal changes or adds: the draft's decision and sum over the period beside each
    tiltak = {}
    for i, f in enumerate(forslag):
        for ft in alle_ft[f.pk]:
            bt = ft.budsjetttiltak
            nokkel = ("bt", bt.pk) if bt else ("ny", ft.pk)
            rad = tiltak.setdefault(
                nokkel,
                {
                    "tittel": bt.tittel if bt else ft.tittel,
                    "eining": (bt.ansvarleg_eining if bt else ft.ansvarleg_eining),
                    "utkast": (bt.get_vedtak_display(), sum(effekt[bt.pk].values())) if bt else None,
                    "forslag": [None] * len(forslag),
                },
            )
            rad["forslag"][i] = (
                ft.get_vedtak_display() if ft.vedtak else bt.get_vedtak_display(),
                sum((_aar(ft.effektar) or (effekt[bt.pk] if bt else {})).values()),
            )
    verbalpunkt = [(f, list(f.verbalpunkt.select_related("ansvarleg_sektor"))) for f in forslag]
    return {
        "sektorrader": sektorrader,
        "summar": summar,
        "tiltak": sorted(tiltak.values(), key=lambda r: r["tittel"]),
        "verbalpunkt": verbalpunkt,
        "resultat": [
            {
                "aar": aar,
                "verdiar": [
                    (k["oversikt"]["resultat"][aar], k["oversikt"]["udisponert"][aar]) for k in kolonnar
                ],
            }
            for aar in plan.periode
        ],
    }
