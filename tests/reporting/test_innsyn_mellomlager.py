"""The public pages are kept whole for readers with no login: a repeat asks the database
nothing; a change to the domain (a goal made exempt, above all) shows at once; a logged-in
reader always gets a page made for them; each reader's language form carries their own CSRF
token; a cache that is down serves every page freshly."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from plans.models import Maal
from reporting import innsyn


def _maal_side():
    maal = innsyn.offentlege_maal().filter(parent__isnull=True).order_by("pk").first()
    return maal, f"/innsyn/plan/{maal.plan_id}/"


def test_a_repeat_is_served_from_the_cache_and_a_change_shows_at_once(demo):
    maal, url = _maal_side()
    c = Client()
    forste = c.get(url)
    assert forste.status_code == 200 and maal.tittel in forste.content.decode()
    with CaptureQueriesContext(connection) as fanga:
        andre = Client().get(url)
    assert andre.status_code == 200 and len(fanga) == 0
    assert andre.content == forste.content.replace(*_token_i(forste, andre))
    assert "public" in andre["Cache-Control"]
    # made exempt: gone from the very next page, no waiting for the cache
    maal.unnateke, maal.heimel = True, "offentleglova § 14"
    maal.save()
    assert maal.tittel not in Client().get(url).content.decode()


def _token_i(a, b):
    """The two pages' CSRF tokens (the one difference allowed between them)."""
    ta = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', a.content)
    tb = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', b.content)
    return (ta.group(1), tb.group(1)) if ta and tb else (b"", b"")


def test_the_language_form_on_a_cached_page_works_for_its_own_reader(demo):
    _maal, url = _maal_side()
    Client().get(url)  # made for someone else, and kept
    c = Client(enforce_csrf_checks=True)
    side = c.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', side.content.decode()).group(1)
    svar = c.post("/spraak/", {"csrfmiddlewaretoken": token, "spraak": "nb", "neste": url})
    assert svar.status_code == 302


def test_each_language_is_its_own_page(demo):
    _maal, url = _maal_side()
    nn = Client().get(url, HTTP_ACCEPT_LANGUAGE="nn").content.decode()
    en = Client().get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="nn"' in nn and 'lang="en"' in en


def test_a_logged_in_reader_gets_a_page_made_for_them(demo, django_user_model):
    _maal, url = _maal_side()
    Client().get(url)
    c = Client()
    c.force_login(django_user_model.objects.get(email="kommunedirektor@alver.example"))
    with CaptureQueriesContext(connection) as fanga:
        assert c.get(url).status_code == 200
    assert any("plans_maal" in q["sql"] for q in fanga.captured_queries)


def test_bulk_writes_move_the_generation_on_too(demo):
    from alver.lib import historikk, mellomlager

    foer = mellomlager._generasjon()
    maal = Maal.objects.order_by("pk").first()
    maal.tittel = "Endra i bulk"
    historikk.bulk_update_with_history([maal], Maal, ["tittel"])
    assert mellomlager._generasjon() != foer


# port 1: nothing listens there, so every cache call fails with a connection error
NEDE = {"default": {"BACKEND": "alver.lib.redis_mellomlager.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}


@override_settings(CACHES=NEDE, INNSYN_MAKS_PER_MINUTT=0)
def test_a_cache_that_is_down_serves_every_page_freshly(demo):
    maal, url = _maal_side()
    assert Client().get(url).status_code == 200
    maal.unnateke, maal.heimel = True, "offentleglova § 14"
    maal.save()  # the change is saved, and the page shows it
    svar = Client().get(url)
    assert svar.status_code == 200 and maal.tittel not in svar.content.decode()


def _generasjonslesingar(monkeypatch):
    """Counts the cache reads of the generation (Django's cache is read through, not replaced)."""
    from django.core.cache import cache

    from alver.lib import mellomlager

    lesingar = []
    ekte = cache.get

    def get(nokkel, *a, **k):
        if nokkel == mellomlager.GENERASJON:
            lesingar.append(nokkel)
        return ekte(nokkel, *a, **k)

    monkeypatch.setattr(cache, "get", get)
    return lesingar


def test_a_request_reads_the_generation_once_for_all_its_kept_blocks(org, client_as, monkeypatch):
    c = client_as("kommunalsjef")
    c.get("/mi-side/")
    lesingar = _generasjonslesingar(monkeypatch)
    assert c.get("/mi-side/").status_code == 200
    # a leader's Mi side keeps several blocks until the next change (lists, periods, dates)
    assert len(lesingar) == 1


def test_a_change_within_a_request_is_seen_by_the_same_request_and_outside_every_read_asks(db, monkeypatch):
    from django.core.cache import cache

    from alver.lib import mellomlager

    mellomlager.foresp_start()
    try:
        fyrst = mellomlager._generasjon()
        lesingar = _generasjonslesingar(monkeypatch)
        assert mellomlager._generasjon() == fyrst and lesingar == []
        mellomlager.ny_generasjon()  # a save made by this request
        assert mellomlager._generasjon() != fyrst
    finally:
        mellomlager.foresp_slutt()
    # outside a request (a job, a command): another process's change is seen at once
    cache.incr(mellomlager.GENERASJON)
    forventa = cache.get(mellomlager.GENERASJON)
    assert mellomlager._generasjon() == forventa


def test_after_a_request_the_generation_is_read_afresh(org, client_as):
    """The memo ends with the request (Django's request_finished): code that runs after it, in
    the same thread, sees a change another process made."""
    from django.core.cache import cache

    from alver.lib import mellomlager

    assert client_as("kommunalsjef").get("/mi-side/").status_code == 200
    cache.incr(mellomlager.GENERASJON)
    assert mellomlager._generasjon() == cache.get(mellomlager.GENERASJON)
