"""The indicator values as a spreadsheet: the template pre-filled with the user's indicators
and the open periods (stored values filled in), which the import reads back."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from alver.lib import eksport

OVERSKRIFTER = [
    "Indikator-ID",
    "Indikator",
    "Eining",
    "Einingsnamn",
    "Periode",
    "Måleeining",
    "Verdi",
    "Kommentar",
]


def skriv(rader):
    """`rader`: (indikator, eining or None, period code, stored Indikatorverdi or None)."""
    bok = Workbook()
    ark = bok.active
    ark.title = _("Values")[:31]
    ark.append(OVERSKRIFTER)
    for celle in ark[1]:
        celle.font = Font(bold=True)
    for ind, eining, kode, v in rader:
        ark.append(
            eksport.rad(
                ark,
                [
                    ind.pk,
                    ind.namn,
                    eining.kode if eining else "",
                    eining.namn if eining else "",
                    kode,
                    str(ind.get_maaleeining_display()),
                    v.verdi.normalize() if v else None,
                    v.kommentar if v else "",
                ],
            )
        )
    for kol, breidd in zip("ABCDEFGH", (12, 50, 10, 30, 11, 14, 12, 50), strict=True):
        ark.column_dimensions[kol].width = breidd
    ark.freeze_panes = "A2"
    ut = io.BytesIO()
    bok.save(ut)
    return ut.getvalue()
