"""Shared fixtures: one user per role in a small organisation, clients logged in as them,
and the query-budget helper. Browser fixtures live in tests/e2e/conftest.py."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls
# from such a thread unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402

from alver.permissions import Rolle  # noqa: E402

from .factories import EiningFactory, UserFactory  # noqa: E402


@pytest.fixture(autouse=True)
def klokke():
    """Every test starts on the demo's reference day, whatever the real date: the app reads
    this clock. A test about another day sets it (`klokke.sett(dag)`)."""
    from alver.lib import klokke

    klokke.sett(klokke.REFERANSEDATO)
    yield klokke
    klokke.nullstill()


@pytest.fixture(scope="session")
def demoavtrykk(django_db_setup, django_db_blocker, _oppgaver_straks):
    """The demo kommune, built once in this test process on the demo's reference day; the
    database is then put back as it was. A test's `demo` fixture lays it back
    (tests/demoavtrykk.py)."""
    import datetime
    import io

    from django.core.management import call_command

    from alver.lib import klokke

    from .demoavtrykk import Avtrykk

    with django_db_blocker.unblock():
        foer = Avtrykk()
        # built in the morning, so that everything a test writes at noon comes after
        # everything the demo wrote, however long the build took (a change log that orders
        # by time would otherwise put the demo's last records above the test's own)
        klokke.sett(klokke.REFERANSEDATO, datetime.time(6))
        try:
            call_command("demo", "--force", stdout=io.StringIO())
            avtrykk = Avtrykk()
        finally:
            klokke.nullstill()
            foer.legg_tilbake()
    return avtrykk


@pytest.fixture
def demo(db, demoavtrykk):
    """The demo kommune as `manage.py demo` builds it on the demo's reference day."""
    demoavtrykk.legg_tilbake()


@pytest.fixture(autouse=True, scope="session")
def _oppgaver_straks():
    """Tasks run in the test's own process, also when CI points Celery at Redis: these tests
    are about what the tasks do, not about the broker."""
    from alver.celery import app

    eager, propagates = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = eager, propagates


@pytest.fixture
def brokar_nede(monkeypatch):
    """Celery points at a broker nobody answers on, and gives up at once."""
    from alver.celery import app

    # Celery prefers the environment's broker (CI names Redis there) to its own setting
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)

    endra = ["broker_url", "task_always_eager", "task_publish_retry"]
    gamalt = {k: app.conf[k] for k in endra}

    def nullstill():
        app._pool = None
        app.__dict__.pop("amqp", None)

    app.conf.update(
        broker_url="amqp://guest@127.0.0.1:1//", task_always_eager=False, task_publish_retry=False
    )
    nullstill()
    yield
    app.conf.update(gamalt)
    nullstill()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """SQLite tests use a file, not memory, so that a worker process can open the same database."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        db.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture
def celery_arbeidar(transactional_db, tmp_path, tmp_path_factory, klokke):
    """Tasks go through a broker to a real Celery worker in another process, which works on the
    test database (so tests using this see committed data only: `transactional_db`). The worker
    sends e-mail to files; `celery_arbeidar.epostar()` reads them. Yields a helper object."""
    from django.db import connection

    from alver.celery import app
    from alver.management.commands.demo import last_grunndata

    last_grunndata()  # an earlier transactional test may have flushed what the migrations loaded
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{db['NAME']}"
    else:
        url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
    epost = tmp_path / "epost"
    epost.mkdir()
    ko = f"test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DATABASE_URL": url, "EMAIL_URL": f"filemail:///{epost}", "ARBEIDAR_KO": ko}
    env["ALVER_DATO"] = klokke.i_dag().isoformat()  # the worker works on the test's day
    endra = ["broker_url", "broker_transport_options", "task_always_eager", "task_default_queue"]
    gamalt = {k: app.conf[k] for k in endra}

    def nullstill():
        # Celery caches its producer pool and routing on first use; start them afresh from the conf
        app._pool = None
        app.__dict__.pop("amqp", None)

    if not os.environ.get("CELERY_BROKER_URL"):
        # one folder for the whole session: kombu keeps connections (and their folder) per URL
        mappe = tmp_path_factory.getbasetemp() / "celery-ko"
        mappe.mkdir(exist_ok=True)
        env["ARBEIDAR_MAPPE"] = str(mappe)
        env["CELERY_BROKER_URL"] = "filesystem://"
        app.conf.broker_url = "filesystem://"
        app.conf.broker_transport_options = {
            "data_folder_in": str(mappe),
            "data_folder_out": str(mappe),
            "control_folder": str(mappe),
        }
    app.conf.task_always_eager = False
    app.conf.task_default_queue = ko
    nullstill()
    logg = open(tmp_path / "arbeidar.log", "w+")  # noqa: SIM115 (closed when the worker stops)

    def start():
        return subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("arbeidar.py"))],
            env=env,
            stdout=logg,
            stderr=subprocess.STDOUT,
            cwd=Path(__file__).parent.parent,
        )

    prosess = start()

    class Arbeidar:
        @property
        def prosess(self):
            return prosess

        def drep(self):
            """SIGKILL the worker, as the kernel's OOM killer or a pulled plug would."""
            prosess.kill()
            prosess.wait(timeout=20)

        def start_igjen(self):
            nonlocal prosess
            assert prosess.poll() is not None, "stop the worker first"
            prosess = start()

        def vent(self, ferdig, sekund=60):
            """Wait until `ferdig()` is true; fail with the worker's log if it never is."""
            slutt = time.monotonic() + sekund
            while time.monotonic() < slutt:
                if ferdig():
                    return
                assert prosess.poll() is None, self.logg()
                time.sleep(0.2)
            raise AssertionError("The worker did not finish in time.\n" + self.logg())

        def logg(self):
            logg.seek(0)
            return logg.read()

        def epostar(self):
            # Django's file backend may append several messages to one file; each ends with a rule
            skilje = "-" * 79
            return [m for f in sorted(epost.iterdir()) for m in f.read_text().split(skilje) if m.strip()]

    try:
        yield Arbeidar()
    finally:
        prosess.terminate()
        prosess.wait(timeout=20)
        logg.close()
        app.conf.update(gamalt)
        nullstill()


@pytest.fixture(autouse=True)
def media(settings, tmp_path, monkeypatch):
    """Uploaded and generated files go to the test's own folders (a worker is told the same)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))
    monkeypatch.setenv("PRIVATE_MEDIA_ROOT", str(settings.PRIVATE_MEDIA_ROOT))
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture(autouse=True, scope="session")
def _eigen_cache_per_arbeidar():
    """Under pytest-xdist each worker gets its own Redis database for the cache, since a test
    empties the whole cache (FLUSHDB) and must not empty another worker's throttling counts.
    The database (its own test database, its own files) is already per worker."""
    from django.conf import settings
    from django.test import override_settings

    arbeidar = os.environ.get("PYTEST_XDIST_WORKER", "")
    cache = settings.CACHES["default"]
    if not arbeidar or "redis" not in cache["BACKEND"].lower():
        yield
        return
    nummer = int(arbeidar.removeprefix("gw"))
    grunn, _skilje, db = cache["LOCATION"].rpartition("/")
    eigen = {**cache, "LOCATION": f"{grunn}/{(int(db or 0) + 8 + nummer) % 16}"}
    with override_settings(CACHES={**settings.CACHES, "default": eigen}):
        yield


@pytest.fixture(autouse=True)
def _tom_cache(_eigen_cache_per_arbeidar):
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
