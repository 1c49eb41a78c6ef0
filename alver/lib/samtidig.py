"""Concurrent edits are refused, never silently overwritten.

Each editable model carries a `versjon`; a form sends back the version it was built
from (`VersjonMixin`), and saving with a stale version raises Konflikt, which the view shows
with the change log of what the other person saved.
"""

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _

from .historikk import endringslogg


class VersjonMixin(forms.Form):
    """Carries the version the form was built from, so a concurrent save is detected."""

    versjon = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if getattr(self, "instance", None) is not None and self.instance.pk:
            self.fields["versjon"].initial = self.instance.versjon


class Konflikt(Exception):
    def __init__(self, fersk):
        super().__init__("stale version")
        self.fersk = fersk


@transaction.atomic
def lagre_versjonert(obj, versjon, *, grunn=""):
    fersk = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if fersk.versjon != versjon:
        raise Konflikt(fersk)
    obj.versjon = versjon + 1
    obj._change_reason = grunn
    obj.save()
    return obj


def lagre_endring(obj, grunn):
    """Save a change a service makes on its own (a withdrawal cancels an oppdrag, a budget change
    reopens one, a corrected decision rewrites its title): the version goes up, so a form opened
    before it sees a conflict instead of silently reverting the change. The caller has locked
    the row (`select_for_update`), so nobody's save falls between the read and this write."""
    obj.versjon += 1
    obj._change_reason = grunn
    obj.save()
    return obj


def vis_konflikt(form, konflikt):
    """Put a conflict on a bound form: the other person's change (shown by skjema.html) and a
    message; what the user typed stays, and saving again is a deliberate choice."""
    form.konflikt = endringslogg(konflikt.fersk.history, grense=3)
    data = form.data.copy()
    data["versjon"] = konflikt.fersk.versjon
    form.data = data
    form.add_error(
        None,
        _(
            "Someone else saved this while you were editing. Their change is shown below; "
            "check it, then save again to keep yours."
        ),
    )
