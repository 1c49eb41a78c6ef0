"""Shared fixtures: one user per role in a small organisation, clients logged in as them,
and the query-budget helper. Browser fixtures live in tests/e2e/conftest.py."""

import os

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls
# from such a thread unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402

from alver.permissions import Rolle  # noqa: E402

from .factories import EiningFactory, UserFactory  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def _oppgaver_straks():
    """Tasks run in the test's own process, also when CI points Celery at Redis: these tests
    are about what the tasks do, not about the broker."""
    from alver.celery import app

    eager, propagates = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = eager, propagates


@pytest.fixture(autouse=True)
def _tom_cache():
    """Throttling counts live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def org(db):
    """A small kommune: Oppvekst → Skule → Knarvik skule, and Helse → Sjukeheimar → Lindås
    sjukeheim, with one user per role. `utanfor` is an employee in the other sector."""
    u = {}
    u["kommunedirektor"] = UserFactory(namn="Kari Direktør")
    kommune = EiningFactory(namn="Testvik kommune", kode="1000", type="kommune", leiar=u["kommunedirektor"])
    u["kommunalsjef"] = UserFactory(namn="Ola Oppvekst")
    oppvekst = EiningFactory(
        parent=kommune, namn="Oppvekst", kode="2000", type="sektor", leiar=u["kommunalsjef"]
    )
    u["tenesteleiar"] = UserFactory(namn="Per Skule")
    skule = EiningFactory(
        parent=oppvekst, namn="Skule", kode="2100", type="tenesteomraade", leiar=u["tenesteleiar"]
    )
    knarvik = EiningFactory(parent=skule, namn="Knarvik skule", kode="2101", type="eining")
    helse = EiningFactory(
        parent=kommune,
        namn="Helse og omsorg",
        kode="3000",
        type="sektor",
        leiar=UserFactory(namn="Ingrid Helse"),
    )
    sjukeheim = EiningFactory(parent=helse, namn="Sjukeheimar", kode="3100", type="tenesteomraade")
    lindaas = EiningFactory(parent=sjukeheim, namn="Lindås sjukeheim", kode="3101", type="eining")
    u["medarbeidar"] = UserFactory(namn="Silje Lærar", eining=knarvik)
    u["utanfor"] = UserFactory(namn="Gro Pleiar", eining=lindaas)
    for rolle in (Rolle.SEKRETARIAT, Rolle.OKONOMI, Rolle.HR, Rolle.POLITIKAR, Rolle.ADMINISTRATOR):
        u[rolle.value] = UserFactory(namn=f"Test {rolle.value}")
        u[rolle.value].groups.add(Group.objects.get(name=rolle.value))
    for user in u.values():
        if user.eining is None and user is not u["politikar"]:
            user.eining = kommune
            user.save()
    return {
        "brukarar": u,
        "einingar": {
            "kommune": kommune,
            "oppvekst": oppvekst,
            "skule": skule,
            "knarvik": knarvik,
            "helse": helse,
            "sjukeheim": sjukeheim,
            "lindaas": lindaas,
        },
    }


@pytest.fixture
def client_as(org):
    def _client(rolle):
        c = Client()
        if rolle != "anonymous":
            c.force_login(org["brukarar"][rolle])
        return c

    return _client
