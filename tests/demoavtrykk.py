"""The demo kommune built once per test process and laid back into the database for each test
that asks for it (`demo` in tests/conftest.py). Building the demo takes 10–15 s; laying back its
rows takes well under a second. Many browser tests and crawls start from the demo, and each
used to build it anew.

An imprint (`Avtrykk`) is every row of every Django table as the database itself writes it
(PostgreSQL's COPY, SQLite's rows as stored), so what is laid back is byte for byte what was
built: primary keys, timestamps, JSON, passwords. Files the demo wrote (letter PDFs, the coat
of arms) stay in MEDIA_ROOT for the whole session, as they did when each test built the demo."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction


def _tabellar():
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _q(namn):
    return connection.ops.quote_name(namn)


class Avtrykk:
    def __init__(self):
        self.rader = {}
        with connection.cursor() as c:
            for t in _tabellar():
                if connection.vendor == "postgresql":
                    with c.cursor.copy(f"COPY {_q(t)} TO STDOUT (FORMAT binary)") as kopi:
                        self.rader[t] = b"".join(bytes(blokk) for blokk in kopi)
                else:
                    c.execute(f"SELECT * FROM {_q(t)}")
                    self.rader[t] = ([d[0] for d in c.description], c.fetchall())

    def __len__(self):
        if connection.vendor == "postgresql":
            return sum(1 for data in self.rader.values() if len(data) > 21)  # a binary COPY's frame
        return sum(1 for _kol, rader in self.rader.values() if rader)

    def legg_tilbake(self):
        """Empty every table and lay the imprint back, in one transaction (Django's foreign keys
        are checked at commit, so the order of the tables does not matter)."""
        tabellar = [t for t in _tabellar() if t in self.rader]
        with transaction.atomic(), connection.cursor() as c:
            if connection.vendor == "postgresql":
                c.execute("TRUNCATE " + ", ".join(_q(t) for t in tabellar))
                for t in tabellar:
                    with c.cursor.copy(f"COPY {_q(t)} FROM STDIN (FORMAT binary)") as kopi:
                        kopi.write(self.rader[t])
                for sql in connection.ops.sequence_reset_sql(
                    no_style(), apps.get_models(include_auto_created=True)
                ):
                    c.execute(sql)
            else:
                for t in tabellar:
                    c.execute(f"DELETE FROM {_q(t)}")
                for t in tabellar:
                    kolonnar, rader = self.rader[t]
                    if rader:
                        c.executemany(
                            f"INSERT INTO {_q(t)} ({', '.join(_q(k) for k in kolonnar)}) "
                            f"VALUES ({', '.join(['%s'] * len(kolonnar))})",
                            rader,
                        )
        # the content types' ids are the imprint's now, not those this process has cached
        ContentType.objects.clear_cache()
