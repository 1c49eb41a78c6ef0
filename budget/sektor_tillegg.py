"""What the økonomiplan's sector page shows of indicator targets and planned nøkkeltal, with the
forms for those who enter them. Its own module so that the sector page and the views that
save those forms (and re-render the page with their errors) need not import each other."""

from . import indikatormaal as im
from . import nokkeltal as nt
from . import permissions
from .nokkeltal_forms import IndikatormaalForm, LeggTilIndikatorForm, NokkeltalplanForm


def sektor_tillegg(request, plan, eining, *, maal_form=None, legg_til_form=None, nokkeltal_form=None):
    """What the sector page shows of targets and planned nøkkeltal (and the forms, for those
    who may enter them while the plan is being made)."""
    kan = permissions.kan_endre_sektorplan(request.user, plan, eining)
    rader = im.rader(plan, eining)
    planrader = nt.planrader(plan, eining)
    if kan:
        maal_form = maal_form or IndikatormaalForm(plan=plan, rader=rader)
        legg_til_form = legg_til_form or LeggTilIndikatorForm(val=im.kan_leggjast_til(plan, eining, rader))
        nokkeltal_form = nokkeltal_form or NokkeltalplanForm(plan=plan, rader=planrader)
    return {
        "kan_sektorplan": kan,
        "indikatorrader": maal_form.rader if maal_form else rader,
        "maal_form": maal_form,
        "legg_til_form": legg_til_form,
        "nokkeltal_form": nokkeltal_form,
        "nokkeltalrader": planrader,
    }
