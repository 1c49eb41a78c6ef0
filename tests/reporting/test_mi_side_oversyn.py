"""The kommunedirektør's kommune-wide figures and lists on Mi side (`startside.kommunen`, and
the lists over «your units», which for the kommunedirektør are the whole kommune): made at most
every MI_SIDE_OVERSYN_SEKUND seconds, saying how old they are; made anew after that; and with
the cache down, made for every request and the page still served."""

import re
import time

import pytest
from django.test import override_settings
from django.utils import timezone

from alver.lib import klokke
from reporting.services import generer_periodar
from tests.factories import EiningFactory
from tests.hjelp import tal_sporjingar

NEDE = {"default": {"BACKEND": "alver.lib.redis_mellomlager.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}


def _utan_brev(html):
    """The count in «N units without a letter» in the letters-and-plans card."""
    treff = re.search(r"<li>(\d+) (?:einingar?|units?) (?:utan brev|without a letter)</li>", html)
    return int(treff.group(1)) if treff else 0


def _ny_eining(org):
    EiningFactory(parent=org["einingar"]["skule"], namn="Nyvik skule", kode="2109")


def test_the_figures_say_when_they_were_made_and_are_made_anew_after_their_time(org, client_as, settings):
    settings.MI_SIDE_OVERSYN_SEKUND = 1
    c = client_as("kommunedirektor")
    fraa = timezone.localtime(klokke.no()).strftime("%H:%M")
    html = c.get("/mi-side/").content.decode()
    til = timezone.localtime(klokke.no()).strftime("%H:%M")
    # the note under the section's heading gives the minute the figures were made
    notat = html[html.index('id="kommunen-tittel"') :].split("</p>", 1)[0]
    laga = re.search(r"per (\d\d:\d\d)", notat).group(1)
    assert laga in (fraa, til)
    foer = _utan_brev(html)

    _ny_eining(org)
    # within its time the card shows the figures as they were when made, and says when that was
    html = c.get("/mi-side/").content.decode()
    assert _utan_brev(html) == foer and f"per {laga}" in html
    time.sleep(1.1)
    html = c.get("/mi-side/").content.decode()
    assert _utan_brev(html) == foer + 1


def test_with_no_caching_the_figures_are_current_and_carry_no_time(org, client_as, settings):
    settings.MI_SIDE_OVERSYN_SEKUND = 0
    c = client_as("kommunedirektor")
    foer = _utan_brev(c.get("/mi-side/").content.decode())
    _ny_eining(org)
    html = c.get("/mi-side/").content.decode()
    assert _utan_brev(html) == foer + 1
    assert "blir laga på nytt" not in html


@override_settings(CACHES=NEDE)
def test_a_cache_that_is_down_costs_the_figures_their_speed_not_the_page(org, client_as, caplog):
    c = client_as("kommunedirektor")
    foer = _utan_brev(c.get("/mi-side/").content.decode())
    _ny_eining(org)
    r = c.get("/mi-side/")
    assert r.status_code == 200 and _utan_brev(r.content.decode()) == foer + 1
    assert any("Cache unavailable" in rec.getMessage() for rec in caplog.records)


@pytest.mark.parametrize("rolle", ["kommunedirektor", "kommunalsjef"])
def test_a_second_view_does_not_read_the_whole_kommune_again(org, client_as, settings, rolle):
    """The kommunedirektør's kommune-wide blocks and lists come from the cache on the next view;
    a kommunalsjef's lists are over their own units and kept until the next change, whatever
    MI_SIDE_OVERSYN_SEKUND says (tests/reporting/test_mi_side_leiar.py)."""
    settings.MI_SIDE_OVERSYN_SEKUND = 300
    generer_periodar(2026)  # as in a running kommune (made on first need, a change to the domain)
    c = client_as(rolle)
    settings.MI_SIDE_OVERSYN_SEKUND = 0
    kvar_gong = tal_sporjingar(c, "/mi-side/")
    settings.MI_SIDE_OVERSYN_SEKUND = 300
    lagra = tal_sporjingar(c, "/mi-side/")
    if rolle == "kommunedirektor":
        assert lagra <= kvar_gong - 10
    else:
        assert lagra == kvar_gong
