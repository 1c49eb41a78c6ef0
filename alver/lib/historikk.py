"""A readable change log (endringslogg) from django-simple-history records.

Any app can show who changed what and when for its objects: pass the object's history
queryset; related objects are looked up in one query per model, not per row.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, models
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history import utils

from . import klokke, mellomlager
from .tekst import orddiff

# Between a note's English message id and its JSON parameters; never typed by a person.
SKILJE = "\x1f"


class grunnkode(str):
    """A note the system writes (a change reason, «The measure is not prioritised in …»),
    stored as its English message id and shown in the reader's language by `vis_grunn`.

    Used like gettext: `grunnkode("Rolled from %(hp)s") % {"hp": hp}` stores the id and the
    parameters, not a sentence in the writer's language. `make messages` extracts it (see the
    makemessages command in alver)."""

    def __new__(cls, msgid):
        return super().__new__(cls, gettext_noop(msgid))

    def __mod__(self, param):
        verdiar = {k: _som_json(v) for k, v in param.items()}
        return f"{self}{SKILJE}{json.dumps(verdiar, ensure_ascii=False, sort_keys=True)}"


def _som_json(v):
    if isinstance(v, (list, tuple)):
        return [_som_json(x) for x in v]
    return v if isinstance(v, (int, float)) else str(v)


def _vis_verdi(v):
    if isinstance(v, list):  # a list of notes, shown one after the other
        return "; ".join(_vis_verdi(x) for x in v)
    return vis_grunn(v) if isinstance(v, str) else v


def vis_grunn(tekst):
    """A stored note in the reader's language. What a person typed, and notes stored before
    the codes, come back unchanged (gettext leaves text it does not know alone)."""
    if not tekst:
        return ""
    msgid, skilje, param = str(tekst).partition(SKILJE)
    if not skilje:
        return _(msgid)
    try:
        verdiar = json.loads(param)
        return _(msgid) % {k: _vis_verdi(v) for k, v in verdiar.items()}
    except (ValueError, TypeError, KeyError):
        return msgid


# Bookkeeping columns that mean nothing to a reader.
SKJULTE_FELT = {"path", "depth", "numchild", "password", "last_login"}


@dataclass
class Endring:
    felt: str
    gammal: object
    ny: object
    # the record before this change, so a text can be put back as it was (gjenoppretting)
    foer: int | None = None
    namn: str = ""  # the field's name (felt becomes its label)
    diff: list | None = None  # a text's words changed (tekst.orddiff), in place of old → new


@dataclass
class Loggpost:
    tid: object
    kven: object
    type: str  # "+", "~" or "-"
    grunn: str
    endringar: list = field(default_factory=list)
    # words changed in a text that belongs to the object (a letter's sections): [{overskrift, diff}]
    tekstdiff: list = field(default_factory=list)
    objekt: str = ""  # which object, in a log of many (`endringslogg_for_mange`)


def endringslogg(historikk, grense=20):
    """The change log of one object, newest first: each record against the one before it."""
    poster = list(
        historikk.select_related("history_user").order_by("-history_date", "-history_id")[: grense + 1]
    )
    if not poster:
        return []
    par = [(post, poster[i + 1] if i + 1 < len(poster) else None) for i, post in enumerate(poster[:grense])]
    return _logg(par, poster)


def endringslogg_for_mange(historikk, namn, grense=30):
    """The change log of many objects of one model together (a plan's frames, a unit's
    checklist answers), newest first, each record against the one before it of the same object,
    and `namn(record)` saying which object it is. Two queries whatever the number of objects:
    the newest records, and the records before them."""
    modell = historikk.model
    forrige_id = (
        modell._default_manager.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    poster = list(
        historikk.select_related("history_user")
        .annotate(_forrige=Subquery(forrige_id))
        .order_by("-history_date", "-history_id")[:grense]
    )
    if not poster:
        return []
    forrige = modell._default_manager.in_bulk([p._forrige for p in poster if p._forrige])
    par = [(post, forrige.get(post._forrige)) for post in poster]
    logg = _logg(par, poster + list(forrige.values()))
    for post, (rad, _f) in zip(logg, par, strict=True):
        post.objekt = namn(rad)
    return logg


def _logg(par, alle):
    """Log entries for (record, the record before it or None) pairs; `alle` every record among
    them, for the many-to-many fields (read once for all)."""
    modell = alle[0].instance_type
    m2m = _m2m_per_post(alle)
    logg = []
    fk_verdiar = defaultdict(set)
    for post, forrige in par:
        endringar = []
        if forrige is not None and post.history_type == "~":
            # the many-to-many fields are compared from `m2m` (read once for all records), not
            # by simple-history, which asks the database twice per field and record
            diff = post.diff_against(
                forrige, excluded_fields=(SKJULTE_FELT & {f.name for f in modell._meta.fields}) | set(m2m)
            )
            for c in diff.changes:
                endringar.append(Endring(c.field, c.old, c.new, foer=forrige.history_id))
            for namn, per_post in m2m.items():
                gammal, ny = per_post.get(forrige.history_id, []), per_post.get(post.history_id, [])
                if gammal != ny:
                    endringar.append(Endring(namn, gammal, ny))
            endringar.sort(key=lambda e: e.felt)
        logg.append(
            Loggpost(
                post.history_date,
                post.history_user,
                post.history_type,
                vis_grunn(post.history_change_reason),
                endringar,
            )
        )
        for e in endringar:
            f = modell._meta.get_field(e.felt)
            if isinstance(f, models.ForeignKey):
                fk_verdiar[f.related_model].update(v for v in (e.gammal, e.ny) if v is not None)
            elif isinstance(f, models.ManyToManyField):
                fk_verdiar[f.related_model].update(e.gammal + e.ny)
    oppslag = {m: m._default_manager.in_bulk(list(ids)) for m, ids in fk_verdiar.items()}
    for post in logg:
        for e in post.endringar:
            f = modell._meta.get_field(e.felt)
            if isinstance(f, models.ForeignKey):
                e.gammal = oppslag[f.related_model].get(e.gammal, e.gammal) if e.gammal is not None else None
                e.ny = oppslag[f.related_model].get(e.ny, e.ny) if e.ny is not None else None
            elif isinstance(f, models.ManyToManyField):
                e.gammal, e.ny = (
                    ", ".join(str(oppslag[f.related_model].get(i, i)) for i in sorted(ids)) or None
                    for ids in (e.gammal, e.ny)
                )
            elif isinstance(f, models.BooleanField):
                e.gammal, e.ny = ({True: _("yes"), False: _("no")}.get(v, v) for v in (e.gammal, e.ny))
            elif f.choices:
                valg = dict(f.flatchoices)
                e.gammal, e.ny = valg.get(e.gammal, e.gammal), valg.get(e.ny, e.ny)
            elif isinstance(f, models.TextField):
                # a long text reads as the words changed, not as two whole texts
                e.diff = orddiff(e.gammal or "", e.ny or "")
            e.namn, e.felt = e.felt, f.verbose_name
    return logg


def _m2m_per_post(poster):
    """{m2m field name: {history_id: sorted linked ids}} for the history's tracked many-to-many
    fields, one query per field for all the records together."""
    svar = {}
    for f in poster[0]._history_m2m_fields:
        namn = f.m2m_reverse_field_name()
        through = getattr(poster[0], f.name).model  # the historical through model; no query
        per_post = defaultdict(list)
        for hid, verdi in (
            through._default_manager.filter(history__in=[p.history_id for p in poster])
            .order_by(namn)
            .values_list("history_id", namn)
        ):
            per_post[hid].append(verdi)
        svar[f.name] = per_post
    return svar


def stempel_fraa_klokka(sender, instance, history_instance, **kwargs):
    """A history record is stamped by this clock too (unless the saver chose a date), so a
    change log tells the same day as the rows it describes."""
    if not hasattr(instance, "_history_date"):
        history_instance.history_date = klokke.no()


def bulk_create_with_history(objs, model, **kwargs):
    """simple-history's bulk insert, its history stamped by this clock."""
    kwargs.setdefault("default_date", klokke.no())
    mellomlager.ny_generasjon()  # bulk writes send no post_save: the public pages are made anew
    return utils.bulk_create_with_history(objs, model, **kwargs)


def bulk_create_med_historikk_i_sql(objs, model, *, grunn="", user=None, batch_size=1000):
    """`bulk_create_with_history` for thousands of rows: the rows are inserted in bulk, and their
    history rows are then copied by the database from the rows just stored (INSERT … SELECT),
    not built as Python objects one by one. Adopting an økonomiplan of 5,000 tiltak spends
    half its time building those objects otherwise. The history says the same: the row as
    stored, '+', this clock's time, the reason and the user."""
    nye = model.objects.bulk_create(objs, batch_size=batch_size)
    skriv_historikk(model, [o.pk for o in nye], grunn=grunn, user=user)
    return nye


def skriv_historikk(model, pks, *, grunn="", user=None, type_="+"):
    """History rows for the rows `pks` of `model` as they are stored now, in one statement per
    5,000 rows."""
    if not pks:
        return
    mellomlager.ny_generasjon()
    H = model.history.model
    if user is None:
        user = H.get_default_history_user(None)
    qn = connection.ops.quote_name
    felt = list(H.tracked_fields)
    til = ", ".join(qn(H._meta.get_field(f.attname).column) for f in felt)
    fraa = ", ".join(qn(f.column) for f in felt)
    hist = "history_date, history_change_reason, history_type, history_user_id"
    pk = qn(model._meta.pk.column)
    with connection.cursor() as c:
        for i in range(0, len(pks), 5000):
            del_ = pks[i : i + 5000]
            if connection.vendor == "postgresql":
                # one array parameter: PostgreSQL parses and plans 5,000 placeholders slowly
                hvor, param = f"{pk} = ANY(%s)", [list(del_)]
            else:
                hvor, param = f"{pk} IN ({', '.join(['%s'] * len(del_))})", list(del_)
            c.execute(
                f"INSERT INTO {qn(H._meta.db_table)} ({til}, {hist}) "
                f"SELECT {fraa}, %s, %s, %s, %s FROM {qn(model._meta.db_table)} WHERE {hvor}",
                [klokke.no(), str(grunn), type_, getattr(user, "pk", None), *param],
            )


def bulk_update_with_history(objs, model, fields, **kwargs):
    """simple-history's bulk update, its history stamped by this clock."""
    kwargs.setdefault("default_date", klokke.no())
    mellomlager.ny_generasjon()
    return utils.bulk_update_with_history(objs, model, fields, **kwargs)
