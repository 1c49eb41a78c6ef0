"""The årshjul's part of the demo: the built-in fixed dates (also after a flush) and the
kommune's calendar feed."""

from . import services
from .faste import lag_faste
from .models import Hending


def grunndata():
    lag_faste(Hending)


def bygg(*, stdout=None, **_):
    grunndata()
    services.kommunefeed()
    if stdout:
        stdout.write(f"Årshjul: {Hending.objects.count()} fixed dates, the kommune's calendar feed")
