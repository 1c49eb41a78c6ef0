"""The plan chain holds for data, not only for imports: an upstream app cannot reach a
downstream table through the ORM, and its templates read nothing from one."""

import re
from pathlib import Path

import grimp
from django.apps import apps

KJEDE = ["alver", "plans", "budget", "politikk", "verksemdsplan", "checklists", "reporting", "aarshjul"]
ROT = Path(__file__).resolve().parents[2]


def _relasjonar_oppover():
    """Every relation from a model of a later app to a model of an earlier app."""
    for model in apps.get_models():
        fra = model._meta.app_label
        if fra not in KJEDE:
            continue
        for f in model._meta.get_fields():
            if not (f.is_relation and f.concrete or f.many_to_many) or f.auto_created:
                continue
            til = f.related_model._meta.app_label
            if til in KJEDE and KJEDE.index(til) < KJEDE.index(fra):
                yield model, f


def test_there_are_relations_up_the_chain_to_check():
    par = {(m._meta.label, f.name) for m, f in _relasjonar_oppover()}
    assert ("verksemdsplan.Oppdrag", "kjelde_vedtak") in par
    assert ("reporting.Statusrapport", "oppdrag") in par


def test_relations_up_the_chain_are_one_way():
    toveges = [
        f"{m._meta.label}.{f.name} (related_name={f.remote_field.related_name!r})"
        for m, f in _relasjonar_oppover()
        if not (f.remote_field.related_name or "").endswith("+")
    ]
    assert not toveges, "Give these related_name='+' (or ending in '+'):\n" + "\n".join(toveges)


def _filer(app):
    yield from (ROT / app).rglob("*.py")
    yield from (ROT / "templates" / app).rglob("*.html")
    yield from (ROT / "templates" / app).rglob("*.txt")


def test_upstream_code_uses_no_query_name_of_a_downstream_relation():
    """A downstream app may keep a query name for its own aggregate queries (reporting counts
    reports per oppdrag); no upstream file may use it."""
    brot = []
    for model, f in _relasjonar_oppover():
        namn = f.remote_field.related_query_name
        if not namn:
            continue
        oppstraums = KJEDE[: KJEDE.index(model._meta.app_label)]
        # an upstream model is reached from its own side only through this query name
        i_bruk = re.compile(rf"\b{re.escape(namn)}__|[\"']{re.escape(namn)}[\"']")
        for app in oppstraums:
            for fil in _filer(app):
                if "migrations" in fil.parts:
                    continue
                for nr, linje in enumerate(fil.read_text(encoding="utf-8").splitlines(), 1):
                    if i_bruk.search(linje):
                        brot.append(f"{fil.relative_to(ROT)}:{nr}: {linje.strip()}")
    assert not brot, "Upstream code reads downstream data:\n" + "\n".join(brot)


NEDSTRAUMS_ORD = {
    # what a template of an upstream app would name to read downstream data
    "plans": ["oppdrag", "statusrapport", "verksemdsplan", "sjekkliste"],
    "budget": ["oppdrag", "statusrapport", "verksemdsplan", "sjekkliste"],
    "verksemdsplan": ["statusrapport", "rapportert", "sjekkliste"],
}


def test_upstream_templates_read_no_downstream_objects():
    brot = []
    for app, ord_ in NEDSTRAUMS_ORD.items():
        for fil in (ROT / "templates" / app).rglob("*.html"):
            for nr, linje in enumerate(fil.read_text(encoding="utf-8").splitlines(), 1):
                # variables and tags only; translated text may well mention assignments
                for uttrykk in re.findall(r"{{(.*?)}}|{%\s*(?:if|for|with|elif)\b(.*?)%}", linje):
                    kode = " ".join(uttrykk)
                    if any(re.search(rf"\.{o}|\b{o}\w*\.", kode) for o in ord_):
                        brot.append(f"{fil.relative_to(ROT)}:{nr}: {kode.strip()}")
    assert not brot, "Upstream templates read downstream data:\n" + "\n".join(brot)


def test_no_import_cycle():
    """No module of ours reaches itself through imports (also those inside functions): a cycle
    means two modules that should be one, or a dependency pointing the wrong way."""
    graf = grimp.build_graph(*KJEDE)
    modular = sorted(m for m in graf.modules if ".migrations" not in m)
    kantar = {m: graf.find_modules_directly_imported_by(m) & set(modular) for m in modular}
    # Tarjan's strongly connected components, iteratively
    indeks, lag, stabel, paa_stabel, syklusar = {}, {}, [], set(), []
    for start in modular:
        if start in indeks:
            continue
        arbeid = [(start, iter(sorted(kantar[start])))]
        indeks[start] = lag[start] = len(indeks)
        stabel.append(start)
        paa_stabel.add(start)
        while arbeid:
            node, naboar = arbeid[-1]
            nabo = next(naboar, None)
            if nabo is not None:
                if nabo not in indeks:
                    indeks[nabo] = lag[nabo] = len(indeks)
                    stabel.append(nabo)
                    paa_stabel.add(nabo)
                    arbeid.append((nabo, iter(sorted(kantar[nabo]))))
                elif nabo in paa_stabel:
                    lag[node] = min(lag[node], indeks[nabo])
                continue
            arbeid.pop()
            if arbeid:
                lag[arbeid[-1][0]] = min(lag[arbeid[-1][0]], lag[node])
            if lag[node] == indeks[node]:
                komponent = []
                while True:
                    m = stabel.pop()
                    paa_stabel.discard(m)
                    komponent.append(m)
                    if m == node:
                        break
                if len(komponent) > 1:
                    syklusar.append(sorted(komponent))
    assert not syklusar, "Import cycles:\n" + "\n".join(" ↔ ".join(s) for s in syklusar)


def test_app_code_reads_the_one_clock():
    """The app and the demo ask alver/lib/klokke.py for the time, so tests can set the day and
    the suite passes on any real date."""
    eigen_klokke = re.compile(
        r"timezone\.now\(|timezone\.localdate\(\)|date\.today\(|datetime\.now\(|datetime\.today\(|"
        r"auto_now(_add)?=True\b(?!.*Tidspunkt)|default=timezone\.now|"
        # history written in bulk is stamped through alver.lib.historikk's wrappers
        r"simple_history\.utils"
    )
    brot = []
    for app in KJEDE:
        for fil in (ROT / app).rglob("*.py"):
            if "migrations" in fil.parts or fil.name == "klokke.py":
                continue
            for nr, linje in enumerate(fil.read_text(encoding="utf-8").splitlines(), 1):
                if eigen_klokke.search(linje) and "klokke.Tidspunkt" not in linje:
                    brot.append(f"{fil.relative_to(ROT)}:{nr}: {linje.strip()}")
    assert not brot, "Read the time from alver.lib.klokke (bulk history: alver.lib.historikk):\n" + "\n".join(
        brot
    )
