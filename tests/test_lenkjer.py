"""Every link a demo user is shown opens for them, and a politician sees no oppdrag owners
outside the political follow-up. The crawl starts at the start page and its menu and goes one
link deep; every link on those pages is opened (tests/kryp.py)."""

import pytest
from django.test import Client

from alver.demo import DEMO_BRUKARAR, DOMENE
from alver.models import User
from tests.kryp import Krypar
from verksemdsplan.models import Oppdrag

# where a politician may meet owner names: the follow-up made for them, and where leaders (who
# own oppdrag) are named as leaders, not as owners: the organisation's phone book and the
# økonomiplan's page per sector; and the published public oppdragsbrev (reached from the footer's
# Innsyn link), which every citizen reads with its leaders' names as the letter states them
EIGARAR_TILLATNE = ("reporting:politisk_oppfolging", "alver:", "budget:sektor", "verksemdsplan:innsyn")


def _krypp(prefiks):
    c = Client()
    c.force_login(User.objects.get(email=f"{prefiks}@{DOMENE}"))
    krypar = Krypar(c)
    return krypar, list(krypar.kryp("/"))


@pytest.mark.parametrize("prefiks", list(DEMO_BRUKARAR))
def test_every_link_a_demo_user_is_shown_opens(demo, prefiks):
    krypar, sider = _krypp(prefiks)
    assert len(sider) > 15, "the crawl reached too little to prove anything"
    assert any(s.meny for s in sider), "the start page shows no menu"
    daude = [f"{s.url} → {s.status} (linked from {s.fraa})" for s in sider if s.status != 200]
    assert not daude, f"{prefiks} is shown links that do not open:\n" + "\n".join(daude)


def test_a_politician_sees_no_owners_outside_the_political_follow_up(demo):
    eigarar = set(
        Oppdrag.objects.filter(owner__isnull=False).values_list("owner__namn", flat=True).distinct()
    )
    politikar = DEMO_BRUKARAR["politikar"][0]
    assert eigarar and politikar not in eigarar
    _krypar, sider = _krypp("politikar")
    namn = {s.url_namn for s in sider}
    # what the politician is meant to reach: goals, decisions, the adoption, the follow-up
    for n in ("plans:maal", "budget:vedtak", "budget:vedtak_liste", "reporting:politisk_oppfolging"):
        assert n in namn, f"the crawl never reached {n}"
    lekk = [
        f"{s.url}: {', '.join(sorted(e for e in eigarar if e in s.innhald))}"
        for s in sider
        if s.innhald and not s.url_namn.startswith(EIGARAR_TILLATNE) and any(e in s.innhald for e in eigarar)
    ]
    assert not lekk, "A politician is shown who owns oppdrag:\n" + "\n".join(lekk)
    oppfolging = next(s for s in sider if s.url_namn == "reporting:politisk_oppfolging")
    assert any(e in oppfolging.innhald for e in eigarar), "the follow-up names who is responsible"
