"""Twenty submissions of one meeting at the same moment — a double click, tabs, retries, two
secretaries — store one meeting, with each case once. On PostgreSQL (CI) the threads really
race on row locks and unique indexes; on SQLite they queue for the write lock."""

import threading

import pytest
from django.db import connection
from django.test import Client

from budget.models import Innsending, Mote, Organ, Sakstype, Vedtak
from verksemdsplan.models import Oppdrag


@pytest.fixture
def grunndata(transactional_db):
    from alver.management.commands.demo import last_grunndata

    last_grunndata()  # an earlier transactional test may have flushed what the migrations loaded


def _data(org, token):
    ps = Sakstype.objects.get(namn="Politisk sak").pk
    data = {
        "organ": Organ.objects.get(namn="Kommunestyret").pk,
        "dato": "2026-03-05",
        "nummer": "",
        "protokoll_url": "",
        "token": token,
        "sak-TOTAL_FORMS": "2",
        "sak-INITIAL_FORMS": "0",
        "sak-MIN_NUM_FORMS": "0",
        "sak-MAX_NUM_FORMS": "200",
    }
    for i, nr in enumerate(["PS 1/2026", "PS 2/2026"]):
        data |= {
            f"sak-{i}-saksnummer": nr,
            f"sak-{i}-tittel": f"Sak {nr}",
            f"sak-{i}-sakstype": ps,
            f"sak-{i}-gir_oppdrag": "",
            f"sak-{i}-ansvarleg_sektor": org["einingar"]["oppvekst"].pk,
            f"sak-{i}-type": "vedtak",
            f"sak-{i}-skjerming": "",
        }
    return data


def _samstundes(n, gjer):
    """Run `gjer(i)` in n threads released at once; returns their results (or exceptions)."""
    start = threading.Barrier(n)
    svar = [None] * n

    def koyr(i):
        try:
            start.wait()
            svar[i] = gjer(i)
        except Exception as e:  # noqa: BLE001 — the test looks at what each thread got
            svar[i] = e
        finally:
            connection.close()

    traadar = [threading.Thread(target=koyr, args=(i,)) for i in range(n)]
    for t in traadar:
        t.start()
    for t in traadar:
        t.join(120)
    return svar


def _klient(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.mark.parametrize("token", ["same", None], ids=["one form twenty times", "twenty forms"])
def test_twenty_concurrent_submissions_store_one_meeting(token, grunndata, org):
    sekretar = org["brukarar"]["sekretariat"]
    klientar = [_klient(sekretar) for _ in range(20)]
    svar = _samstundes(20, lambda i: klientar[i].post("/vedtak/ny/", _data(org, token or f"t{i}")))
    assert not [s for s in svar if isinstance(s, Exception)], svar
    m = Mote.objects.get()
    assert sorted(Vedtak.objects.values_list("saksnummer", flat=True)) == ["PS 1/2026", "PS 2/2026"]
    assert Oppdrag.objects.count() == 2
    lagra = [s for s in svar if s.status_code == 302]
    if token:
        # every submit of the one form lands on the saved meeting
        assert len(lagra) == 20 and {s["Location"] for s in lagra} == {m.get_absolute_url()}
        assert Innsending.objects.count() == 1
    else:
        # one form stored it; the others are told the cases (or, when the form was checked after
        # the first one committed, the meeting) already exist
        assert len(lagra) == 1
        for s in svar:
            if s.status_code == 200:
                side = s.content.decode()
                assert (
                    "Kommunestyret har alt sak(ene)" in side
                    or "Kommunestyret har alt eit møte den datoen" in side
                )
