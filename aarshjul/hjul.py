"""The geometry of the circular årshjul: twelve months clockwise from the top, a ring per
kind of date (political outermost, own innermost), a dot per date. Pure arithmetic; the
template draws it as SVG with classes (no inline styles), so it also prints."""

import calendar
import datetime
import math
from dataclasses import dataclass

from alver.lib import periodar

from .models import Ring

STORLEIK = 640
MIDT = STORLEIK / 2
# (inner, outer) radius per ring
RINGAR = {Ring.POLITISK: (228, 290), Ring.ADMINISTRATIV: (166, 228), Ring.EIGE: (104, 166)}
TEKST_R = 306


@dataclass(frozen=True)
class Prikk:
    x: float
    y: float
    ring: str
    tittel: str
    dato: datetime.date


def _vinkel(aar, dato):
    """Degrees clockwise from the top at the middle of the day."""
    dagar = 366 if calendar.isleap(aar) else 365
    return (dato.timetuple().tm_yday - 0.5) / dagar * 360


def _punkt(grader, r):
    rad = math.radians(grader - 90)
    return round(MIDT + r * math.cos(rad), 1), round(MIDT + r * math.sin(rad), 1)


def _sektor(fra, til, r_inn, r_ut):
    """An annular sector from `fra` to `til` degrees as an SVG path."""
    x1, y1 = _punkt(fra, r_ut)
    x2, y2 = _punkt(til, r_ut)
    x3, y3 = _punkt(til, r_inn)
    x4, y4 = _punkt(fra, r_inn)
    stor = 1 if til - fra > 180 else 0
    return (
        f"M{x1} {y1} A{r_ut} {r_ut} 0 {stor} 1 {x2} {y2} L{x3} {y3} A{r_inn} {r_inn} 0 {stor} 0 {x4} {y4} Z"
    )


def teikn(aar, oppforingar, ringar, i_dag):
    """What the template needs: month sectors per shown ring, month labels, dots, today's line."""
    maanader = []
    for m in range(1, 13):
        fra = _vinkel(aar, datetime.date(aar, m, 1)) - 180 / (366 if calendar.isleap(aar) else 365)
        til = fra + calendar.monthrange(aar, m)[1] / (366 if calendar.isleap(aar) else 365) * 360
        x, y = _punkt((fra + til) / 2, TEKST_R)
        # three letters for every month (the locale's own abbreviations mix «jan» and «mars»)
        namn = str(periodar.MAANADER[m - 1])[:3].capitalize()
        sektorar = [
            {"ring": ring, "d": _sektor(fra, til, *RINGAR[ring]), "partal": m % 2 == 0}
            for ring in Ring.values
            if ring in ringar
        ]
        maanader.append({"nummer": m, "namn": namn, "x": x, "y": y, "sektorar": sektorar})
    # dates on the same day and ring spread out along the radius, not on top of each other
    brukt = {}
    prikkar = []
    for o in oppforingar:
        r_inn, r_ut = RINGAR[o.ring]
        n = brukt.get((o.ring, o.dato), 0)
        brukt[(o.ring, o.dato)] = n + 1
        r = (r_inn + r_ut) / 2 + (n % 5 - 2) * 10 if n else (r_inn + r_ut) / 2
        x, y = _punkt(_vinkel(aar, o.dato), r)
        prikkar.append(Prikk(x, y, o.ring, o.tittel, o.dato))
    linje = None
    if i_dag.year == aar:
        linje = {
            "x1": MIDT,
            "y1": MIDT,
            **dict(zip(("x2", "y2"), _punkt(_vinkel(aar, i_dag), RINGAR[Ring.POLITISK][1] + 8), strict=True)),
        }
    return {
        "storleik": STORLEIK,
        "midt": MIDT,
        "maanader": maanader,
        "prikkar": prikkar,
        "i_dag": linje,
        "r_midt": RINGAR[Ring.EIGE][0] - 4,
    }
