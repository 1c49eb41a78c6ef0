"""The demo's internal-control checklists (being built)."""

from verksemdsplan.models import Kategori

from . import grunndata as grunndata_


def grunndata():
    grunndata_.last_inn(Kategori)
