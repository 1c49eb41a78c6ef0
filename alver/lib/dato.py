"""The interface's two date styles, as Norwegian public documents write them: «1.5.2027» in
tables, lists and labels (templates: `|kortdato`), «1. mai 2027» in running text —
sentences, notices, e-mails (templates: `|langdato`). Month names are in lower case in
nynorsk and bokmål."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from . import periodar


def kort(d):
    """«1.5.2027» (a date or datetime); empty for none."""
    return f"{d.day}.{d.month}.{d.year}" if d else ""


def lang(d):
    """«1. mai 2027» in nynorsk and bokmål, «1 May 2027» in English; empty for none."""
    if not d:
        return ""
    if isinstance(d, datetime.datetime) and timezone.is_aware(d):
        d = timezone.localtime(d)
    return _("%(dag)s %(maanad)s %(aar)s") % {
        "dag": d.day,
        "maanad": periodar.MAANADER[d.month - 1],
        "aar": d.year,
    }
