"""Writes to the organisation that touch many rows: the HR import (also used by the demo).

One engine serves the import page and the demo command: rows in (read by
`alver.lib.importering.les_fil`), a plan of changes out (previewed, with row-numbered
errors), then applied whole or not at all. Matching is by
unit code and by e-mail, so a re-import updates instead of duplicating, and a second run
with the same rows changes nothing (and writes no history).
"""

import datetime
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from alver.lib import klokke
from alver.lib.historikk import bulk_create_with_history, bulk_update_with_history, grunnkode
from alver.lib.importering import Feil, Importfeil
from alver.lib.oppgaver import etter_commit
from alver.lib.profil import kommune_namn
from alver.lib.samtidig import lagre_versjonert

from .models import Eining, Kommuneprofil, OrgImport, SsoKopling, User, Varsel, Varselval, normaliser_epost
from .signals import leiar_endra

log = logging.getLogger(__name__)
log_innlogging = logging.getLogger("alver.innlogging")

EINING_KOLONNER = {
    "kode": "kode",
    "code": "kode",
    "ansvar": "kode",
    "unit_code": "kode",
    "einingskode": "kode",
    "namn": "namn",
    "navn": "namn",
    "name": "namn",
    "overordna_kode": "overordna",
    "overordnet_kode": "overordna",
    "parent_code": "overordna",
    "overordna": "overordna",
    "parent": "overordna",
    "leiar_epost": "leiar_epost",
    "leder_epost": "leiar_epost",
    "leader_email": "leiar_epost",
    "type": "type",
    "kind": "type",
    "nivaa": "type",
    "nivå": "type",
}
PERSON_KOLONNER = {
    "epost": "epost",
    "e_post": "epost",
    "email": "epost",
    "e_mail": "epost",
    "namn": "namn",
    "navn": "namn",
    "name": "namn",
    "eining_kode": "eining_kode",
    "enhet_kode": "eining_kode",
    "unit_code": "eining_kode",
    "eining": "eining_kode",
    "enhet": "eining_kode",
    "kode": "eining_kode",
    "tittel": "tittel",
    "title": "tittel",
    "stilling": "tittel",
}
EINING_PAAKRAVD = ["kode", "namn", "overordna"]
PERSON_PAAKRAVD = ["epost", "namn", "eining_kode"]

TYPE_ALIAS = {
    "kommune": Eining.Type.KOMMUNE,
    "sektor": Eining.Type.SEKTOR,
    "tenesteområde": Eining.Type.TENESTEOMRAADE,
    "tenesteomraade": Eining.Type.TENESTEOMRAADE,
    "tjenesteområde": Eining.Type.TENESTEOMRAADE,
    "eining": Eining.Type.EINING,
    "enhet": Eining.Type.EINING,
}
TYPE_ETTER_DJUPN = [Eining.Type.KOMMUNE, Eining.Type.SEKTOR, Eining.Type.TENESTEOMRAADE]

KODE_MONSTER = re.compile(r"[\w.-]+")
RESERVERTE_KODAR = {"import"}  # taken by /organisasjon/import/


@dataclass
class Endringsplan:
    nye_einingar: list = field(default_factory=list)  # row dicts, parents before children
    endra_einingar: list = field(default_factory=list)  # (Eining, {field: (old, new)}, row)
    nye_personar: list = field(default_factory=list)  # row dicts
    endra_personar: list = field(default_factory=list)  # (User, {field: (old, new)}, row)
    feil: list = field(default_factory=list)

    @property
    def tom(self):
        return not (self.nye_einingar or self.endra_einingar or self.nye_personar or self.endra_personar)


# --- planning: validate and compare with what is stored ---------------------------------


def planlegg(einingrader, personrader):
    """Validate the rows against each other and the database; return what applying would change."""
    plan = Endringsplan()
    ef, pf = _("Units"), _("People")

    finst_einingar = {e.kode: e for e in Eining.objects.select_related("leiar")}
    sti_til_kode = {e.path: e.kode for e in finst_einingar.values()}
    epostar = [normaliser_epost(r.get("epost")) for r in personrader]
    epostar += [normaliser_epost(r.get("leiar_epost")) for r in einingrader if r.get("leiar_epost")]
    finst_personar = {
        u.email: u for u in User.objects.filter(email__in=set(epostar)).select_related("eining")
    }

    # units: required fields, duplicates, kinds
    fil_einingar = {}
    for r in einingrader:
        r["kode"] = r.get("kode", "").strip()
        r["overordna"] = r.get("overordna", "").strip()
        if not r["kode"] or not r.get("namn"):
            plan.feil.append(Feil(ef, r["rad"], _("Code and name are required.")))
            continue
        if len(r["kode"]) > 20 or len(r["namn"]) > 200:
            plan.feil.append(Feil(ef, r["rad"], _("The code or name is too long.")))
            continue
        if not KODE_MONSTER.fullmatch(r["kode"]) or r["kode"].lower() in RESERVERTE_KODAR:
            # the code is part of the unit's address (/organisasjon/<kode>/)
            plan.feil.append(
                Feil(
                    ef,
                    r["rad"],
                    _("The code %(kode)s may only hold letters, digits, dot, dash and underscore.")
                    % {"kode": r["kode"]},
                )
            )
            continue
        if r["kode"] in fil_einingar:
            plan.feil.append(
                Feil(
                    ef,
                    r["rad"],
                    _("The code %(kode)s is also on row %(rad)s.")
                    % {"kode": r["kode"], "rad": fil_einingar[r["kode"]]["rad"]},
                )
            )
            continue
        if r["overordna"] == r["kode"]:
            plan.feil.append(Feil(ef, r["rad"], _("A unit cannot be its own parent.")))
            continue
        if r.get("type"):
            kind = TYPE_ALIAS.get(r["type"].strip().lower())
            if kind is None:
                plan.feil.append(Feil(ef, r["rad"], _("Unknown kind %(type)s.") % {"type": r["type"]}))
                continue
            r["type"] = kind
        fil_einingar[r["kode"]] = r

    def overordna(kode):
        if kode in fil_einingar:
            return fil_einingar[kode]["overordna"]
        eining = finst_einingar.get(kode)
        if eining is None or eining.depth == 1:
            return ""
        return sti_til_kode.get(eining.path[: -Eining.steplen], "")

    # parents exist, one root, no cycles; depth decides the kind when no kind is given
    djupn = {}
    for kode, r in list(fil_einingar.items()):
        if r["overordna"] and r["overordna"] not in fil_einingar and r["overordna"] not in finst_einingar:
            plan.feil.append(
                Feil(ef, r["rad"], _("The parent code %(kode)s is not known.") % {"kode": r["overordna"]})
            )
            del fil_einingar[kode]
            continue
        sett, k = set(), kode
        while k and k not in sett:
            sett.add(k)
            k = overordna(k)
        if k:
            plan.feil.append(Feil(ef, r["rad"], _("The parent codes go round in a circle.")))
            del fil_einingar[kode]
            continue
        djupn[kode] = len(sett) - 1
    rotar = {k for k, r in fil_einingar.items() if not r["overordna"]}
    rotar |= {e.kode for e in finst_einingar.values() if e.depth == 1 and e.kode not in fil_einingar}
    if len(rotar) > 1:
        for k in sorted(rotar & set(fil_einingar)):
            plan.feil.append(
                Feil(
                    ef,
                    fil_einingar[k]["rad"],
                    _("Only one unit can be at the top (the municipality); give this unit a parent code."),
                )
            )

    # the top stays the top: moving the municipality itself is not an import's business
    for kode, r in fil_einingar.items():
        eining = finst_einingar.get(kode)
        if eining is not None and (eining.depth == 1) != (not r["overordna"]):
            plan.feil.append(
                Feil(ef, r["rad"], _("The top unit cannot be moved, and no unit can be moved to the top."))
            )

    # people
    fil_personar = {}
    for r in personrader:
        epost = normaliser_epost(r.get("epost"))
        try:
            validate_email(epost)
        except ValidationError:
            plan.feil.append(
                Feil(pf, r["rad"], _("%(epost)s is not an e-mail address.") % {"epost": r.get("epost")})
            )
            continue
        if not r.get("namn"):
            plan.feil.append(Feil(pf, r["rad"], _("The name is required.")))
            continue
        if len(epost) > 254 or len(r["namn"]) > 200 or len(r.get("tittel", "")) > 200:
            plan.feil.append(Feil(pf, r["rad"], _("The e-mail, name or title is too long.")))
            continue
        if epost in fil_personar:
            plan.feil.append(
                Feil(
                    pf,
                    r["rad"],
                    _("%(epost)s is also on row %(rad)s.")
                    % {"epost": epost, "rad": fil_personar[epost]["rad"]},
                )
            )
            continue
        kode = r.get("eining_kode", "").strip()
        if kode not in fil_einingar and kode not in finst_einingar:
            plan.feil.append(Feil(pf, r["rad"], _("The unit code %(kode)s is not known.") % {"kode": kode}))
            continue
        r.update(epost=epost, eining_kode=kode, tittel=r.get("tittel", ""))
        fil_personar[epost] = r

    for r in fil_einingar.values():
        leiar = normaliser_epost(r.get("leiar_epost"))
        r["leiar_epost"] = leiar
        if leiar and leiar not in fil_personar and leiar not in finst_personar:
            plan.feil.append(
                Feil(
                    ef,
                    r["rad"],
                    _("The leader %(epost)s is neither in the people file nor in Alver.") % {"epost": leiar},
                )
            )

    if plan.feil:
        plan.feil.sort(key=lambda f: (f.fil != ef, f.rad))
        return plan

    # compare with what is stored
    for kode in sorted(fil_einingar, key=lambda k: djupn[k]):
        r = fil_einingar[kode]
        eining = finst_einingar.get(kode)
        if not r.get("type"):
            r["type"] = eining.type if eining else _type_etter_djupn(djupn[kode])
        if eining is None:
            plan.nye_einingar.append(r)
            continue
        endringar = {}
        if eining.namn != r["namn"]:
            endringar["namn"] = (eining.namn, r["namn"])
        if eining.type != r["type"]:
            endringar["type"] = (eining.type, r["type"])
        gammal_forelder = sti_til_kode.get(eining.path[: -Eining.steplen], "") if eining.depth > 1 else ""
        if gammal_forelder != r["overordna"]:
            endringar["overordna"] = (gammal_forelder, r["overordna"])
        gammal_leiar = eining.leiar.email if eining.leiar else ""
        if r["leiar_epost"] and gammal_leiar != r["leiar_epost"]:
            endringar["leiar"] = (gammal_leiar, r["leiar_epost"])
        if endringar:
            plan.endra_einingar.append((eining, endringar, r))

    for epost, r in fil_personar.items():
        person = finst_personar.get(epost)
        if person is None:
            plan.nye_personar.append(r)
            continue
        endringar = {}
        if person.namn != r["namn"]:
            endringar["namn"] = (person.namn, r["namn"])
        if person.tittel != r["tittel"]:
            endringar["tittel"] = (person.tittel, r["tittel"])
        gammal_kode = person.eining.kode if person.eining else ""
        if gammal_kode != r["eining_kode"]:
            endringar["eining"] = (gammal_kode, r["eining_kode"])
        if endringar:
            plan.endra_personar.append((person, endringar, r))
    return plan


# --- applying ---------------------------------------------------------------------------


@transaction.atomic
def gjennomfoer(einingrader, personrader, *, user=None, grunn="", passord_hash=None):
    """Plan again against the current database and apply it whole; returns the plan.

    Raises Importfeil if the rows no longer validate (someone changed the organisation
    since the preview); nothing is saved then.
    """
    # one import at a time: the paths of new units are worked out from the tree as it is now
    list(Eining.objects.select_for_update().filter(depth=1).values_list("pk", flat=True))
    plan = planlegg(einingrader, personrader)
    if plan.feil:
        raise Importfeil(_("The file has errors; nothing was saved."))
    grunn = grunn or grunnkode("Imported from HR file")
    kode_til_eining = {e.kode: e for e in Eining.objects.all()}

    # 1. new units, parents before children, with materialised paths worked out here
    if plan.nye_einingar:
        neste_steg = defaultdict(int)
        for e in kode_til_eining.values():
            forelder_sti = e.path[: -Eining.steplen]
            neste_steg[forelder_sti] = max(
                neste_steg[forelder_sti], Eining._str2int(e.path[-Eining.steplen :])
            )
        per_djupn = defaultdict(list)
        for r in plan.nye_einingar:
            per_djupn[_djupn(r, plan.nye_einingar)].append(r)
        for d in sorted(per_djupn):
            nye = []
            for r in per_djupn[d]:
                forelder = kode_til_eining.get(r["overordna"]) if r["overordna"] else None
                forelder_sti = forelder.path if forelder else ""
                neste_steg[forelder_sti] += 1
                nye.append(
                    Eining(
                        namn=r["namn"],
                        kode=r["kode"],
                        type=r["type"],
                        depth=(forelder.depth + 1) if forelder else 1,
                        path=Eining._get_path(
                            forelder_sti, (forelder.depth + 1) if forelder else 1, neste_steg[forelder_sti]
                        ),
                        numchild=0,
                    )
                )
            bulk_create_with_history(nye, Eining, default_user=user, default_change_reason=grunn)
            for e in Eining.objects.filter(kode__in=[r["kode"] for r in per_djupn[d]]):
                kode_til_eining[e.kode] = e
        _oppdater_numchild()  # the bulk insert skipped treebeard's child counts; its move reads them

    # 2. moves (rare): treebeard rewrites the subtree's paths
    flytta = False
    for eining, endringar, r in plan.endra_einingar:
        if "overordna" in endringar:
            eining = Eining.objects.get(pk=eining.pk)
            ny_forelder = Eining.objects.get(kode=r["overordna"])  # planlegg refused moves to the top
            Eining.objects.move(eining, ny_forelder, "last-child")
            flytta = True
    if flytta or plan.nye_einingar:
        kode_til_eining = {e.kode: e for e in Eining.objects.all()}  # fresh paths and counts

    # 3. renamed or re-kinded units (moved ones get their history row here too)
    endra = []
    for eining, endringar, r in plan.endra_einingar:
        if endringar.keys() - {"leiar"}:
            e = kode_til_eining[eining.kode]
            e.namn, e.type = r["namn"], r["type"]
            endra.append(e)
    if endra:
        bulk_update_with_history(
            endra, Eining, ["namn", "type"], default_user=user, default_change_reason=grunn
        )

    # 4. people: new ones, then changed ones
    if plan.nye_personar:
        nye = [
            User(
                email=r["epost"],
                namn=r["namn"],
                tittel=r["tittel"],
                eining=kode_til_eining[r["eining_kode"]],
                password=passord_hash or "!",
            )  # "!" is Django's unusable password
            for r in plan.nye_personar
        ]
        bulk_create_with_history(nye, User, default_user=user, default_change_reason=grunn, batch_size=2000)
    endra = []
    for person, _endringar, r in plan.endra_personar:
        person.namn, person.tittel, person.eining = r["namn"], r["tittel"], kode_til_eining[r["eining_kode"]]
        endra.append(person)
    if endra:
        bulk_update_with_history(
            endra,
            User,
            ["namn", "tittel", "eining"],
            default_user=user,
            default_change_reason=grunn,
            batch_size=2000,
        )

    # 5. leaders, now that every person exists
    leiarar = {r["kode"]: r["leiar_epost"] for r in plan.nye_einingar if r.get("leiar_epost")}
    leiarar |= {e.kode: r["leiar_epost"] for e, endringar, r in plan.endra_einingar if "leiar" in endringar}
    if leiarar:
        epost_til_person = {u.email: u for u in User.objects.filter(email__in=set(leiarar.values()))}
        # the leaders before: the plan read them with select_related, so no query per unit
        gamle = {e.kode: e.leiar for e, endringar, _r in plan.endra_einingar if "leiar" in endringar}
        endra = []
        for kode, epost in leiarar.items():
            e = kode_til_eining[kode]
            e.leiar = epost_til_person[epost]
            endra.append(e)
        bulk_update_with_history(endra, Eining, ["leiar"], default_user=user, default_change_reason=grunn)
        # still in bulk, but every changed leader is announced like a change made by hand
        # (a new unit has nothing to hand over, so it sends nothing)
        for e in endra:
            if e.kode in gamle:
                leiar_endra.send(
                    sender=Eining,
                    eining=e,
                    gammal_leiar=gamle[e.kode],
                    ny_leiar=e.leiar,
                    user=user,
                    grunn=grunn,
                )
    return plan


def _type_etter_djupn(djupn):
    return TYPE_ETTER_DJUPN[djupn] if djupn < len(TYPE_ETTER_DJUPN) else Eining.Type.EINING


def _djupn(rad, nye):
    kodar = {r["kode"]: r for r in nye}
    d, r = 0, rad
    while r["overordna"] in kodar:
        d, r = d + 1, kodar[r["overordna"]]
    return d


def _oppdater_numchild():
    """treebeard keeps a child count per node; bulk inserts bypass it, so count again."""
    born = defaultdict(int)
    alle = list(Eining.objects.only("pk", "path", "depth", "numchild"))
    for e in alle:
        if e.depth > 1:
            born[e.path[: -Eining.steplen]] += 1
    endra = [e for e in alle if e.numchild != born[e.path]]
    for e in endra:
        e.numchild = born[e.path]
    Eining.objects.bulk_update(endra, ["numchild"], batch_size=1000)


def lagre_forhandsvising(user, filnamn, einingrader, personrader):
    return OrgImport.objects.create(
        created_by=user, filnamn=filnamn[:500], einingar=einingrader, personar=personrader
    )


@transaction.atomic
def gjennomfoer_import(orgimport, *, user):
    orgimport = OrgImport.objects.select_for_update().get(pk=orgimport.pk)
    if orgimport.status == OrgImport.Status.GJENNOMFORT:
        raise Importfeil(_("This import has already been applied."))
    plan = gjennomfoer(
        orgimport.einingar,
        orgimport.personar,
        user=user,
        grunn=grunnkode("Imported from %(fil)s") % {"fil": orgimport.filnamn},
    )
    orgimport.status = OrgImport.Status.GJENNOMFORT
    orgimport.applied_at = klokke.no()
    orgimport.resultat = {
        "nye_einingar": len(plan.nye_einingar),
        "endra_einingar": len(plan.endra_einingar),
        "nye_personar": len(plan.nye_personar),
        "endra_personar": len(plan.endra_personar),
    }
    orgimport.save()
    return plan


# --- a unit's leader -------------------------------------------------------------------------

UENDRA = object()


class Leiarfeil(Exception):
    """The leader cannot be set; the message says why (and which form field it belongs to)."""

    def __init__(self, melding, felt=None):
        super().__init__(melding)
        self.felt = felt


@transaction.atomic
def sett_leiar(eining, ny_leiar, *, user, grunn, forventa=UENDRA):
    """The one way a unit gets a new leader by hand (the unit page and the admin site; the HR
    import sends the same signal from its bulk write): saved with history and announced as
    `leiar_endra`, so later apps can hand over what the old leader owned.

    `forventa` is the leader (or None) the form was built with: if someone changed the leader
    meanwhile, Leiarfeil is raised and nothing is saved. The same leader again changes nothing.
    """
    eining = Eining.objects.select_for_update(of=("self",)).select_related("leiar").get(pk=eining.pk)
    gammal = eining.leiar
    if forventa is not UENDRA and (forventa.pk if forventa else None) != eining.leiar_id:
        raise Leiarfeil(
            _("Someone else changed the leader while you were editing: the leader is now %(namn)s.")
            % {"namn": gammal.namn if gammal else _("nobody")},
            felt="leiar",
        )
    if not (grunn or "").strip():
        raise Leiarfeil(_("Say why the leader changes."), felt="grunn")
    if (ny_leiar.pk if ny_leiar else None) == eining.leiar_id:
        return eining
    if ny_leiar is not None and not ny_leiar.is_active:
        raise Leiarfeil(
            _("%(namn)s no longer has an active account.") % {"namn": ny_leiar.namn}, felt="leiar"
        )
    eining.leiar = ny_leiar
    eining._change_reason = grunn.strip()
    eining.save()
    leiar_endra.send(
        sender=Eining, eining=eining, gammal_leiar=gammal, ny_leiar=ny_leiar, user=user, grunn=grunn.strip()
    )
    return eining


# --- the user's own settings ----------------------------------------------------------------------


@transaction.atomic
def lagre_profil(user):
    """The user's own profile as its form left it."""
    user._change_reason = grunnkode("Changed own profile")
    user.save()
    return user


@transaction.atomic
def set_spraak(user, kode):
    """Remember a logged-in user's language (one column); the same language again changes nothing."""
    if user.spraak != kode:
        user.spraak = kode
        user._change_reason = grunnkode("Changed language")
        user.save(update_fields=["spraak"])
    return user


@transaction.atomic
def lagre_varselval(user, val):
    """A user's own e-mail choices, {kind: `Varselval.Epost` value}: a row only where the choice
    differs from «at once» or was set before (its history keeps the changes). Returns how many
    changed."""
    finst = {v.kind: v for v in Varselval.objects.select_for_update().filter(user=user)}
    endra = 0
    for kind, epost in val.items():
        if kind not in KINDS or epost not in Varselval.Epost.values:
            raise ValueError(f"No notification kind {kind!r} or e-mail choice {epost!r}")
        v = finst.get(kind)
        if v is None and epost == STRAKS:
            continue  # the default needs no row
        if v is not None and v.epost == epost:
            continue
        v = v or Varselval(user=user, kind=kind)
        v.epost = epost
        v._change_reason = grunnkode("Changed own notification choices")
        v.save()
        endra += 1
    return endra


def varselval(user):
    """[(kind, its name, the user's choice)] for the kinds this user can get, in KINDS' order
    (one query): a politician is not offered the administration's, nor a leader the proposals'."""
    from . import permissions

    val = dict(Varselval.objects.filter(user=user).values_list("kind", "epost"))
    tilsett = permissions.er_tilsett(user)
    return [
        (kind, KIND_NAMN[kind], val.get(kind, STRAKS))
        for kind in KINDS
        if (permissions.har_rolle(user, *KIND_ROLLER[kind]) if kind in KIND_ROLLER else tilsett)
    ]


# --- notifications (`Varsel`) ------------------------------------------------------------

# The message of each kind of notification, in English with `%(objekt)s` for the object the
# notification is about; it is written in the recipient's language when the row is made.
# A caller may pass its own message (`tekst=`) that says more (who, which date).
# A later kind adds its line here and in KIND_NAMN; the profile lists it for its e-mail choice.
KINDS = {
    "brev_til_godkjenning": gettext_lazy("%(objekt)s is waiting for your approval."),
    "brev_godkjent": gettext_lazy("%(objekt)s is approved and can be published."),
    "nytt_oppdrag": gettext_lazy("You have a new assignment: %(objekt)s."),
    "oppdrag_flytta": gettext_lazy("The assignment %(objekt)s has a new owner. You no longer own it."),
    "status_endra": gettext_lazy("The status of the assignment %(objekt)s has changed."),
    "ny_rapport": gettext_lazy("New status report on %(objekt)s."),
    "frist_snart": gettext_lazy("The deadline of %(objekt)s is coming up."),
    "rapport_frist": gettext_lazy("The reporting deadline for %(objekt)s is coming up."),
    "forslag_levert": gettext_lazy("A budget proposal was submitted: %(objekt)s."),
}

# What each kind is called where people choose how it is e-mailed (the profile), in KINDS' order.
KIND_NAMN = {
    "brev_til_godkjenning": gettext_lazy("An assignment letter waits for my approval"),
    "brev_godkjent": gettext_lazy("An assignment letter I wrote is approved"),
    "nytt_oppdrag": gettext_lazy("I get a new assignment"),
    "oppdrag_flytta": gettext_lazy("An assignment of mine gets a new owner"),
    "status_endra": gettext_lazy("Someone changes the status of my assignment or of one I delegated"),
    "ny_rapport": gettext_lazy("A status report on a task I delegated"),
    "frist_snart": gettext_lazy("A deadline of my assignments or milestones is coming up"),
    "rapport_frist": gettext_lazy("A reporting deadline is coming up"),
    "forslag_levert": gettext_lazy("A political group submits a budget proposal"),
}

# who can get a kind, when not every employee (the others: `permissions.er_tilsett`)
KIND_ROLLER = {"forslag_levert": ("okonomi", "sekretariat")}

STRAKS, DAGLEG, ALDRI = Varselval.Epost.STRAKS, Varselval.Epost.DAGLEG, Varselval.Epost.ALDRI


@dataclass(frozen=True)
class Varsling:
    """One notification to make with `varsle_mange`; the fields are `varsle`'s arguments."""

    user: object
    kind: str
    obj: object
    url: str
    tekst: object = None
    noekkel: str = ""
    # False when the caller mails the event itself (the checklist reminder's own mail, listing
    # each unit with its link): the notification is then shown in Alver only, never mailed again
    epost: bool = True


def _sjekk_varsling(kind, url, tekst, noekkel):
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError(f"A notification links within Alver: a relative URL, not {url!r}")
    if tekst is None and kind not in KINDS:
        raise ValueError(f"No message for the notification kind {kind!r}: add it to KINDS or pass tekst=")
    if len(noekkel) > Varsel._meta.get_field("noekkel").max_length:
        raise ValueError(f"The event key {noekkel!r} is too long")


def _melding(user, kind, obj, tekst):
    """The message in the recipient's language (`user.spraak`, else the kommune's), one line."""
    with translation.override(user.spraak or settings.LANGUAGE_CODE):
        melding = (KINDS[kind] % {"objekt": obj}) if tekst is None else tekst
        if callable(melding):
            melding = melding(obj)
        return " ".join(str(melding).split())[:500]  # one line: it is also the mail's subject


def _ny_varsel(user, kind, obj, url, melding, noekkel):
    return Varsel(
        mottakar=user,
        kind=kind,
        tekst=melding,
        url=url,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=obj.pk if obj is not None else None,
        noekkel=noekkel,
    )


def epostval(user, kind):
    """How `user` wants the mail of `kind`: a `Varselval.Epost` value, at once when not chosen."""
    return Varselval.objects.filter(user=user, kind=kind).values_list("epost", flat=True).first() or STRAKS


def _faar_epost_straks(user, kind, val=None):
    if not (user.is_active and user.email):
        return False
    return (val if val is not None else epostval(user, kind)) == STRAKS


def varsle(user, kind, obj, url, *, tekst=None, noekkel="", epost=True):
    """Notify `user` that something happened to `obj` (`kind`, a code from `KINDS`); `url` is
    the relative address of `obj` (`obj.get_absolute_url()`). The one way to notify anyone:
    the notification is shown on Mi side and under /varsel/, and e-mailed through the task
    queue once the transaction commits (a mail server or broker that is down never fails the
    caller: the mail stays unsent and `send_ventande_varsel` tries again). An inactive user,
    or one without an e-mail address, gets the notification but no mail; so does one who chose
    a daily summary (`send_dagleg_samandrag`) or no mail (`Varselval`) for the kind.
    Returns the `Varsel`, or None when `noekkel` says it was made before.

    The message is written now, in the recipient's language (`user.spraak`, else the
    kommune's), not the sender's: from `KINDS[kind]` with the object's `str()`, or from
    `tekst`, a callable `tekst(obj) -> str` (or a lazy string) evaluated in that language:

        varsle(leiar, "brev_til_godkjenning", brev, brev.get_absolute_url())
        varsle(u, "frist_snart", oppdrag, oppdrag.get_absolute_url(),
               tekst=lambda o: _("The deadline for %(t)s is tomorrow.") % {"t": o.tittel},
               noekkel=f"frist1:oppdrag:{oppdrag.pk}:{oppdrag.frist.isoformat()}")

    `noekkel` names the event, for events a job finds again on its next run (a deadline):
    a recipient who already has a notification with that key gets nothing more, also when two
    runs make it in the same moment (the database's constraint decides; the loser returns None).
    """
    _sjekk_varsling(kind, url, tekst, noekkel)
    if noekkel and Varsel.objects.filter(mottakar=user, noekkel=noekkel).exists():
        return None
    melding = _melding(user, kind, obj, tekst)
    with transaction.atomic():
        try:
            with transaction.atomic():
                varsel = _ny_varsel(user, kind, obj, url, melding, noekkel)
                if not epost:  # the caller mails it (`Varsling.epost`)
                    varsel.epost_sendt_at = klokke.no()
                varsel.save()
        except IntegrityError:
            if not noekkel:
                raise
            return None  # the same event, notified by another run in the same moment
        if epost and _faar_epost_straks(user, kind):
            etter_commit("alver.tasks.send_varsel", varsel.pk)
    return varsel


def varsle_mange(varslingar):
    """Make many notifications at once (a daily job's deadlines, an adoption's new owners): the
    same rules as `varsle`, in a bounded number of queries — one for the keys already used,
    one for the recipients' e-mail choices, the inserts in bulk, and one job that mails those
    who want it at once. `varslingar`: `Varsling`s. Returns the `Varsel`s made (those whose
    key was used before, or twice in the list, are left out)."""
    varslingar = list(varslingar)
    for v in varslingar:
        _sjekk_varsling(v.kind, v.url, v.tekst, v.noekkel)
    nyklar = [v for v in varslingar if v.noekkel]
    brukte = set()
    if nyklar:
        brukte = set(
            Varsel.objects.filter(
                mottakar__in={v.user.pk for v in nyklar}, noekkel__in={v.noekkel for v in nyklar}
            ).values_list("mottakar_id", "noekkel")
        )
    val = {}
    if varslingar:
        val = {
            (u, k): e
            for u, k, e in Varselval.objects.filter(
                user__in={v.user.pk for v in varslingar}, kind__in={v.kind for v in varslingar}
            ).values_list("user_id", "kind", "epost")
        }
    rader = []
    for v in varslingar:
        if v.noekkel:
            if (v.user.pk, v.noekkel) in brukte:
                continue
            brukte.add((v.user.pk, v.noekkel))
        varsel = _ny_varsel(v.user, v.kind, v.obj, v.url, _melding(v.user, v.kind, v.obj, v.tekst), v.noekkel)
        if not v.epost:
            varsel.epost_sendt_at = klokke.no()
        rader.append((v, varsel))
    if not rader:
        return []
    with transaction.atomic():
        try:
            with transaction.atomic():
                nye = bulk_create_with_history([r for _v, r in rader], Varsel, batch_size=500)
        except IntegrityError:
            # another run made some of them in the same moment: one at a time, each skipping those
            laga = (
                varsle(v.user, v.kind, v.obj, v.url, tekst=v.tekst, noekkel=v.noekkel, epost=v.epost)
                for v, _r in rader
            )
            return [x for x in laga if x is not None]
        send = [
            r.pk
            for (v, _r), r in zip(rader, nye, strict=True)
            if v.epost and _faar_epost_straks(v.user, v.kind, val.get((v.user.pk, v.kind), STRAKS))
        ]
        if send:
            etter_commit("alver.tasks.send_varslar", send)
    return nye


def _send_varsel_epost(varsel, u):
    with translation.override(u.spraak or settings.LANGUAGE_CODE):
        kropp = render_to_string(
            "alver/epost_varsel.txt",
            {
                "varsel": varsel,
                "mottakar": u,
                "lenkje": settings.ALVER_URL + varsel.url,
                "profil": settings.ALVER_URL + reverse("alver:profil"),
                "KOMMUNE_NAMN": kommune_namn(),
            },
        )
    send_mail(varsel.tekst, kropp.strip(), None, [u.email])


def send_varsel_epost(pk):
    """E-mail one notification, once: True if it went now, False if there was nothing to send
    (sent already, the recipient is inactive or has no address, or chose a daily summary or no
    mail for its kind). The row is locked while the mail goes and marked sent in the same
    transaction, so two runs send one mail; a mail error (SMTP, connection) is raised with
    nothing marked, for the caller to try again."""
    with transaction.atomic():
        varsel = (
            Varsel.objects.select_for_update(of=("self",))
            .select_related("mottakar")
            .filter(pk=pk, epost_sendt_at__isnull=True)
            .first()
        )
        if varsel is None:
            return False
        u = varsel.mottakar
        if not _faar_epost_straks(u, varsel.kind):
            return False
        _send_varsel_epost(varsel, u)
        Varsel.objects.filter(pk=pk).update(epost_sendt_at=klokke.no())
    return True


# how long an unsent mail is worth trying again; older news goes unmailed (it is on Mi side)
VENTANDE_GRENSE = datetime.timedelta(days=1)


def _ikkje_straks():
    """A filter for notifications whose recipient chose a daily summary or no mail for the kind."""
    return Exists(
        Varselval.objects.filter(user=OuterRef("mottakar"), kind=OuterRef("kind")).exclude(epost=STRAKS)
    )


def ventande_varsel():
    """The notifications whose mail has not gone, younger than a day, to people who get mail at
    once for the kind; the last few minutes are left to the task queued when they were made."""
    no = klokke.no()
    return (
        Varsel.objects.filter(
            epost_sendt_at__isnull=True,
            created_at__gte=no - VENTANDE_GRENSE,
            created_at__lte=no - datetime.timedelta(minutes=5),
            mottakar__is_active=True,
        )
        .exclude(mottakar__email="")
        .exclude(_ikkje_straks())
        .order_by("created_at", "pk")
    )


# how far back a daily summary looks: a summary that could not go for days sends the week's,
# and choosing «daily» later does not mail the years of notifications chosen «never» before
SAMANDRAG_GRENSE = datetime.timedelta(days=7)


def _til_samandrag():
    """Notifications for the daily summary: unsent, unread (what was read in Alver is not news),
    younger than SAMANDRAG_GRENSE, of a kind the recipient chose a daily summary for."""
    return Varsel.objects.filter(
        epost_sendt_at__isnull=True,
        lest_at__isnull=True,
        created_at__gte=klokke.no() - SAMANDRAG_GRENSE,
        mottakar__is_active=True,
    ).filter(Exists(Varselval.objects.filter(user=OuterRef("mottakar"), kind=OuterRef("kind"), epost=DAGLEG)))


def send_samandrag_til(user_pk):
    """E-mail one person's daily summary: one mail listing each of their notifications for it
    (`_til_samandrag`) with its absolute link, in their language. The rows are locked while the
    mail goes and marked sent in the same transaction, so two runs send one mail. Returns how
    many it listed (0: nothing to send); a mail error is raised with nothing marked."""
    with transaction.atomic():
        u = User.objects.filter(pk=user_pk, is_active=True).exclude(email="").first()
        if u is None:
            return 0
        varslar = list(
            _til_samandrag().filter(mottakar=u).select_for_update(of=("self",)).order_by("created_at", "pk")
        )
        if not varslar:
            return 0
        for v in varslar:
            v.lenkje = settings.ALVER_URL + v.url
        n = len(varslar)
        with translation.override(u.spraak or settings.LANGUAGE_CODE):
            emne = ngettext("%(n)s new notification in Alver", "%(n)s new notifications in Alver", n) % {
                "n": n
            }
            kropp = render_to_string(
                "alver/epost_dagleg_samandrag.txt",
                {
                    "varslar": varslar,
                    "mottakar": u,
                    "profil": settings.ALVER_URL + reverse("alver:profil"),
                    "KOMMUNE_NAMN": kommune_namn(),
                },
            )
        send_mail(emne, kropp.strip(), None, [u.email])
        Varsel.objects.filter(pk__in=[v.pk for v in varslar]).update(epost_sendt_at=klokke.no())
    return n


def send_dagleg_samandrag():
    """The daily summary (Celery beat, 07:00): one mail per person with notifications for it.
    A mail that fails is logged and leaves that person's notifications unsent for the next run;
    the others' mails go. Returns (mails sent, people whose mail failed)."""
    sendt = feila = 0
    mottakarar = _til_samandrag().exclude(mottakar__email="").values_list("mottakar_id", flat=True).distinct()
    for pk in sorted(set(mottakarar)):
        try:
            if send_samandrag_til(pk):
                sendt += 1
        except Exception:
            log.exception("Could not e-mail the daily summary of notifications to user %s", pk)
            feila += 1
    return sendt, feila


def merk_lest(varsel):
    """Mark one notification read (bookkeeping: a plain UPDATE, as a login is)."""
    if varsel.lest_at is None:
        varsel.lest_at = klokke.no()
        Varsel.objects.filter(pk=varsel.pk, lest_at__isnull=True).update(lest_at=varsel.lest_at)
    return varsel


def merk_alle_lest(user):
    """Mark all of a user's notifications read; how many were unread."""
    return Varsel.objects.filter(mottakar=user, lest_at__isnull=True).update(lest_at=klokke.no())


def merk_handsama(obj, kind):
    """Mark read, for everyone, the unread notifications of `kind` about `obj`: what they asked
    for is done (a letter waiting for approval that someone approved or sent back)."""
    return Varsel.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, kind=kind, lest_at__isnull=True
    ).update(lest_at=klokke.no())


@transaction.atomic
def lagre_kommuneprofil(profil, versjon, *, vaapen=None, vaapen_namn=""):
    """The letterhead as its form left it, only from the version the form was built from
    (else `Konflikt`, nothing saved). `vaapen`: a data URI for a new coat of arms, "" to
    remove it, None to keep it. The coat of arms is not in the history, so the change reason
    says when it changed."""
    if not Kommuneprofil.objects.filter(pk=1).exists():
        # the migration made the row; a flushed database may have lost it
        Kommuneprofil.objects.create(pk=1)
    elif not Kommuneprofil.history.filter(id=1).exists():
        # the migration's row has no history: record it as it was, so the first change shows
        # in the change log as a change, not as a save without visible changes
        Kommuneprofil.history.bulk_history_create([Kommuneprofil.objects.get(pk=1)], default_date=klokke.no())
    grunn = grunnkode("Changed")
    if vaapen:
        profil.vaapen, profil.vaapen_namn = vaapen, vaapen_namn[:255]
        grunn = grunnkode("New coat of arms: %(namn)s") % {"namn": profil.vaapen_namn}
    elif vaapen == "" and profil.vaapen:
        profil.vaapen, profil.vaapen_namn = "", ""
        grunn = grunnkode("Coat of arms removed")
    return lagre_versjonert(profil, versjon, grunn=grunn)


# -- Single sign-on: who a verified ID token is (the protocol is in alver/sso.py) --


class SsoAvvist(Exception):
    """A login single sign-on refuses; `grunn` is a code for the log, never shown in full."""

    def __init__(self, grunn):
        super().__init__(grunn)
        self.grunn = grunn


# Entra ID names the address in `email` only when the mailbox has one set; its sign-in name
# (`preferred_username`, v1's `upn`) is the address in most kommunar.
EPOST_CLAIMS = ("email", "preferred_username", "upn")


def sso_subjekt(claims):
    """The provider's stable name for the person: Entra's object id (`oid`, the same in every
    application of the tenant), else the standard `sub`."""
    return str(claims.get("oid") or claims["sub"])


def sso_epost(claims):
    """The e-mail address the claims give, or "" (an unverified `email` is not used)."""
    for namn in EPOST_CLAIMS:
        if namn == "email" and claims.get("email_verified") is False:
            continue
        verdi = normaliser_epost(claims.get(namn) if isinstance(claims.get(namn), str) else "")
        if "@" in verdi:
            return verdi
    return ""


def kople_sso(issuer, claims):
    """The account a verified ID token logs into, linked at the first login.

    By the link (issuer, subject) once there is one, whatever the e-mail says now. Else by
    e-mail to an active account that has no link at this issuer yet (an account linked to
    another subject is never taken over: its link must be deleted in the admin first). Else,
    with OIDC_OPPRETT_BRUKARAR, a new account with the unit the claim OIDC_EINING_CLAIM
    names. Raises SsoAvvist when none of these applies."""
    subjekt = sso_subjekt(claims)
    kopling = SsoKopling.objects.select_related("user").filter(issuer=issuer, subject=subjekt).first()
    if kopling is not None:
        if not kopling.user.is_active:
            raise SsoAvvist("inaktiv")
        SsoKopling.objects.filter(pk=kopling.pk).update(sist_brukt=klokke.no())
        return kopling.user
    epost = sso_epost(claims)
    if not epost:
        raise SsoAvvist("utan-epost")
    try:
        with transaction.atomic():
            user = User.objects.filter(email__iexact=epost).first()
            if user is None:
                if not settings.OIDC_OPPRETT_BRUKARAR:
                    raise SsoAvvist("ukjend")
                user = _opprett_sso_brukar(epost, claims)
            elif not user.is_active:
                raise SsoAvvist("inaktiv")
            elif SsoKopling.objects.filter(user=user, issuer=issuer).exists():
                raise SsoAvvist("kopla-til-anna")
            kopling = SsoKopling(
                user=user, issuer=issuer, subject=subjekt, epost=epost, sist_brukt=klokke.no()
            )
            kopling._change_reason = "single sign-on"
            kopling.save()
    except IntegrityError:
        # the same person's first login twice at once: the other request made the link
        kopling = SsoKopling.objects.select_related("user").filter(issuer=issuer, subject=subjekt).first()
        if kopling is None or not kopling.user.is_active:
            raise SsoAvvist("samtidig") from None
    return kopling.user


def _opprett_sso_brukar(epost, claims):
    eining = None
    if settings.OIDC_EINING_CLAIM:
        kode = claims.get(settings.OIDC_EINING_CLAIM)
        if isinstance(kode, str) and kode.strip():
            eining = Eining.objects.aktive().filter(kode=kode.strip()).first()
    namn = claims.get("name") if isinstance(claims.get("name"), str) else ""
    user = User(email=epost, namn=(namn.strip() or epost)[:200], eining=eining)
    user.set_unusable_password()
    user._change_reason = "single sign-on"
    user.save()
    return user


# --- a way in: password links and invitations ---------------------------------------------


INVITASJON = "invitasjon"  # the reminder log's subject (`alver.models.Paaminning.kva`) for invitations
INVITER_ALLE = "alver.tasks.inviter_utan_passord"


def utan_passord_ikkje_invitert(dag=None):
    """Active people who cannot log in yet (no usable password, no single sign-on link) and
    hold no invitation that is still valid: those an HR import left to be invited."""
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

    from .models import Paaminning

    dag = dag or klokke.i_dag()
    nyleg = Paaminning.objects.filter(
        kva=INVITASJON, dato__gt=dag - datetime.timedelta(days=settings.INVITASJON_GYLDIG_DAGAR)
    ).values("user_id")
    return (
        User.objects.filter(is_active=True, password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .exclude(sso_koplingar__isnull=False)
        .exclude(pk__in=nyleg)
    )


@transaction.atomic
def inviter_alle(avsendar):
    """Invite everyone `utan_passord_ikkje_invitert` holds, in the background (one job; the
    mails go one by one through the outbox). A second order while one is waiting or running
    adds nothing. Returns how many are to be invited now."""
    from .models import Jobb

    User.objects.select_for_update().filter(pk=avsendar.pk).first()  # two clicks at once: one job
    tal = utan_passord_ikkje_invitert().count()
    if (
        tal
        and not Jobb.objects.filter(
            oppgave=INVITER_ALLE, status__in=[Jobb.Status.VENTAR, Jobb.Status.KOYRER]
        ).exists()
    ):
        etter_commit(INVITER_ALLE, avsendar.pk)
    log_innlogging.info("User %s invited the %s people without a password", avsendar.pk, tal)
    return tal


@transaction.atomic
def inviter(person):
    """Invite one person (HR's button on their page): sent each time it is asked for, and
    recorded, so «invite everyone» leaves them be while the link is valid."""
    from .models import Paaminning

    send_passordlenkje(person, INVITASJON)
    Paaminning.objects.get_or_create(user=person, kva=INVITASJON, dato=klokke.i_dag())


def inviter_utan_passord(dag=None):
    """The job behind `inviter_alle`: each person is invited once a day at most (the reminder
    log), so a rerun or a redelivered job sends nobody a second mail. Returns how many went."""
    from .lib.paaminning import send_ein_gong

    dag = dag or klokke.i_dag()
    sendt = 0
    for person in utan_passord_ikkje_invitert(dag).order_by("pk").iterator(chunk_size=500):
        if send_ein_gong(person, INVITASJON, dag, lambda p=person: send_passordlenkje(p, INVITASJON)):
            sendt += 1
    return sendt


def send_passordlenkje(user, kind):
    """E-mail `user` a one-time link to set a password, in their language: `kind` "reset"
    («Forgot your password?») or "invitasjon" (an administrator or HR invites a person who has
    no password yet). True if the mail server took it; a failure is logged, never raised."""
    from . import lenkjer
    from .lib import epost, profil

    with translation.override(user.spraak or settings.LANGUAGE_CODE):
        kommune = profil.kommune_namn()
        if kind == "invitasjon":
            emne = _("Invitation to Alver – %(kommune)s") % {"kommune": kommune}
        else:
            emne = _("Set a new password for Alver")
        kropp = render_to_string(
            "alver/epost_passord.txt",
            {
                "mottakar": user,
                "invitasjon": kind == "invitasjon",
                "lenkje": lenkjer.lenkje(user, kind),
                "dagar": settings.INVITASJON_GYLDIG_DAGAR,
                "timar": settings.PASSORD_LENKJE_TIMAR,
                "KOMMUNE_NAMN": kommune,
                "ALVER_URL": settings.ALVER_URL,
            },
        )
    # through the outbox: a mail server that is down leaves the mail for the sweep to send
    jobb = epost.send_epost(user.email, emne, kropp.strip())
    log_innlogging.info("Password link (%s) for user %s queued as job %s", kind, user.pk, jobb.pk)
    return jobb


def utan_passord():
    """Active people who cannot log in with a password yet (imported with an unusable one)."""
    return User.objects.filter(is_active=True, password__startswith="!").exclude(email="")
