"""Putting back an earlier text from an object's change log (gjenoppretting).

A text field (a description, a comment) can be set back to what it said before a change in
the log, as a new change with its own history entry: nothing in the history is rewritten, and
the object's version guards against a change made meanwhile. Each app's restore view checks
access with its own `permissions.py` and then calls `svar`. The letter's sections, whose text
lives in rows of their own, have theirs in verksemdsplan.brev.
"""

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.dateformat import format as dato_format
from django.utils.translation import gettext as _

from . import tal
from .historikk import grunnkode
from .samtidig import Konflikt, lagre_versjonert


def tekstfelt(model, namn):
    """The model's editable text field by this name; FieldDoesNotExist for anything else (a
    title, a status, a field that is not the user's to set)."""
    f = model._meta.get_field(namn)
    if not isinstance(f, models.TextField) or not f.editable or f.choices:
        raise FieldDoesNotExist(namn)
    return f


def gjenopprett_tekst(obj, *, felt, historikk_id, versjon):
    """Set `felt` back to what the object's history record `historikk_id` holds, and save it
    as a new change. A record of another object is not found (`history.model.DoesNotExist`);
    a stale version raises `Konflikt`."""
    f = tekstfelt(type(obj), felt)
    post = obj.history.get(history_id=historikk_id)
    setattr(obj, felt, getattr(post, felt))
    with translation.override("en"):
        # stored as the English label, shown in each reader's language (historikk.vis_grunn)
        namn = str(f.verbose_name)
    tid = dato_format(timezone.localtime(post.history_date), "j.n.Y H:i")
    return lagre_versjonert(
        obj, versjon, grunn=grunnkode("Text of %(del)s restored from %(tid)s") % {"del": namn, "tid": tid}
    )


def svar(request, obj):
    """The restore view's work once access is checked: read the form the change log sends
    (field, record, version), restore, say how it went, and go back to the log."""
    historikk = tal.heiltal(request.POST.get("historikk"), *tal.ID)
    versjon = tal.heiltal(request.POST.get("versjon"), *tal.ID)
    if not (historikk and versjon):
        raise Http404
    try:
        gjenopprett_tekst(obj, felt=request.POST.get("felt", ""), historikk_id=historikk, versjon=versjon)
    except (FieldDoesNotExist, obj.history.model.DoesNotExist):
        raise Http404 from None
    except Konflikt:
        messages.error(
            request,
            _("This was changed by someone else meanwhile; nothing was restored. See the change log."),
        )
    else:
        messages.success(request, _("The earlier text is back, as a new change in the log."))
    return redirect(obj.get_absolute_url() + "#endringslogg")
