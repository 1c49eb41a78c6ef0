"""The subtree filter. Units are a materialised-path tree (django-treebeard), so «this unit
and everything below it» is one indexed prefix match on the path, never a recursion."""

from django.db.models import Q
from treebeard.mp_tree import MP_Node


def i_subtre(eining, felt=""):
    """A filter for the rows in `eining`'s subtree (the unit itself and every unit below it).

    `felt` leads from the rows to their unit: "eining", "ansvarleg_eining", "parent__eining";
    leave it out when the rows are units. `eining` is a unit or its path."""
    sti = eining if isinstance(eining, str) else eining.path
    return Q(**{f"{felt}__path__startswith" if felt else "path__startswith": sti})


def over(eining, med_seg=False):
    """The paths of the units above `eining`, from the top down (and its own last, with
    `med_seg`): a filter `path__in=over(e)` finds them in one query."""
    sti = eining if isinstance(eining, str) else eining.path
    steg = MP_Node.steplen  # Eining keeps treebeard's step (alver.models imports this module)
    slutt = len(sti) + 1 if med_seg else len(sti)
    return [sti[:i] for i in range(steg, slutt, steg)]
