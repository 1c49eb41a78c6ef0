"""Load with a failure in the middle: 50 simulated leaders (bench/locustfile.py) for three
minutes against gunicorn on loopback, with a real Celery worker and beat, PostgreSQL, and a
Redis of its own (broker and cache) that is stopped for one minute in the middle.

    python bench/last.py [--brukarar 50] [--minutt 3] [--stopp 60]
    python bench/last.py --scale 10 --aar 5 --minutt 5 --stopp 0   # Oslo scale, no outage

Needs PostgreSQL on 127.0.0.1:5432 (trust) and `redis-server` on the PATH; builds the demo in
its own database `alver_last` (dropped first), then starts Redis on port 6391, gunicorn on
8191, a worker with beat, and locust. Afterwards it waits for the background jobs to drain
and prints: requests and errors per endpoint, the writes the server confirmed, how many of
them are stored (lost writes), titles stored twice (duplicates), and jobs not done. Asserts
nothing; the closing note carries the numbers. With `--scale`/`--aar` the demo is Oslo-sized;
with `--stopp 0` Redis stays up. It also prints requests per second, the 50th/95th/99th
percentiles and the server's CPU per request (gunicorn's workers and PostgreSQL's backends,
read from /proc before and after the run).
"""

import argparse
import collections
import csv
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROT = Path(__file__).resolve().parents[1]
PY = sys.executable
REDIS_PORT, WEB_PORT, DB = 6391, 8191, "alver_last"


def miljo(tmp):
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "lasttest-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "ALVER_URL": f"http://127.0.0.1:{WEB_PORT}",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),  # as docker-compose.yml runs it
        "CACHE_URL": f"redis://127.0.0.1:{REDIS_PORT}/1",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{REDIS_PORT}/2",
        # four slashes: django-environ reads the path after the third, so an absolute path needs one more
        "EMAIL_URL": f"filemail:///{tmp}/epost",
        "DJANGO_SETTINGS_MODULE": "alver.settings",
    }


def loggfil(sti):
    """A log file a child process writes to for as long as it runs (closed with the process)."""
    return open(sti, "w")  # noqa: SIM115 - handed to the child, which outlives any with-block here


def redis(tmp):
    return subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(REDIS_PORT),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            tmp,
        ],
        stdout=subprocess.DEVNULL,
    )


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--brukarar", type=int, default=50)
    a.add_argument("--minutt", type=float, default=3)
    a.add_argument("--stopp", type=int, default=60, help="seconds Redis is down, in the middle")
    a.add_argument("--ikkje-demo", action="store_true", help="reuse the database from the last run")
    a.add_argument("--scale", type=int, default=1, help="demo --scale (10: Oslo's organisation)")
    a.add_argument("--aar", type=int, default=0, help="demo --aar (earlier years of oppdrag)")
    arg = a.parse_args()
    tmp = tempfile.mkdtemp(prefix="alver-last-")
    env = miljo(tmp)
    logg = f"{tmp}/skriv.log"
    env["ALVER_LAST_LOGG"] = logg
    prosessar = []

    def stopp_alt():
        for p in reversed(prosessar):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in prosessar:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()

    try:
        # Redis first: the demo's build queues work (its mail is not sent) like any other action
        prosessar.append(redis(tmp))
        time.sleep(1)
        if not arg.ikkje_demo:
            subprocess.run(
                ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {DB}"],
                check=True,
            )
            subprocess.run(
                ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {DB}"], check=True
            )
            print("Building the demo on PostgreSQL …", flush=True)
            subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROT, env=env, check=True)
            subprocess.run(
                [PY, "manage.py", "demo", "--force", "--scale", str(arg.scale), "--aar", str(arg.aar)],
                cwd=ROT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            subprocess.run(
                ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DB, "-qc", "VACUUM ANALYZE"], check=True
            )
        subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROT, env=env, check=True)
        prosessar.append(
            subprocess.Popen(
                [
                    PY,
                    "-m",
                    "gunicorn",
                    "alver.wsgi",
                    "-b",
                    f"127.0.0.1:{WEB_PORT}",
                    "-w",
                    "3",
                    "--timeout",
                    "60",
                    "--access-logfile",
                    f"{tmp}/tilgang.log",
                ],
                cwd=ROT,
                env=env,
                stderr=loggfil(f"{tmp}/gunicorn.log"),
            )
        )
        prosessar.append(
            subprocess.Popen(
                [
                    PY,
                    "-m",
                    "celery",
                    "-A",
                    "alver",
                    "worker",
                    "-B",
                    "-c",
                    "2",
                    "-l",
                    "warning",
                    "-s",
                    f"{tmp}/beat-schedule",
                ],
                cwd=ROT,
                env=env,
                stdout=loggfil(f"{tmp}/worker.log"),
                stderr=subprocess.STDOUT,
            )
        )
        time.sleep(5)
        sekund = int(arg.minutt * 60)
        nede = {}

        def redis_ut_og_inn():
            time.sleep(max(0, (sekund - arg.stopp) / 2))
            print(f"Stopping Redis for {arg.stopp} s", flush=True)
            nede["fraa"] = time.time()
            prosessar[0].send_signal(signal.SIGKILL)
            prosessar[0].wait()
            time.sleep(arg.stopp)
            prosessar[0] = redis(tmp)
            nede["til"] = time.time()
            print("Redis is back", flush=True)

        if arg.stopp:
            threading.Thread(target=redis_ut_og_inn, daemon=True).start()
        cpu_foer = server_cpu(prosessar[1].pid)
        subprocess.run(
            [
                PY,
                "-m",
                "locust",
                "-f",
                str(ROT / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                str(arg.brukarar),
                "-r",
                "5",
                "-t",
                f"{sekund}s",
                "--host",
                f"http://127.0.0.1:{WEB_PORT}",
                "--csv",
                f"{tmp}/locust",
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROT,
            env=env,
            check=False,
        )
        cpu_etter = server_cpu(prosessar[1].pid)
        print("Waiting for the background jobs to drain …", flush=True)
        ventande = ventar_paa_jobbar(env)
        rapport(tmp, logg, env, ventande, sekund, [b - a for a, b in zip(cpu_foer, cpu_etter, strict=True)])
    finally:
        stopp_alt()


def _cpu(pid):
    """utime + stime of a process in seconds (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            felt = f.read().rsplit(")", 1)[1].split()
        return (int(felt[11]) + int(felt[12])) / os.sysconf("SC_CLK_TCK")
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0.0


def server_cpu(gunicorn_pid):
    """CPU seconds so far: of gunicorn's workers, of the whole machine (/proc/stat) and of the
    runner's finished children (locust, once it has ended), so the server's share is the
    machine's less locust's (PostgreSQL's backends come and go with the connections)."""
    born = Path(f"/proc/{gunicorn_pid}/task/{gunicorn_pid}/children")
    web = sum(_cpu(int(p)) for p in (born.read_text().split() if born.exists() else []))
    with open("/proc/stat") as f:
        felt = [int(x) for x in f.readline().split()[1:]]
    maskin = (sum(felt[:8]) - felt[3] - felt[4]) / os.sysconf("SC_CLK_TCK")  # less idle and iowait
    barn = resource.getrusage(resource.RUSAGE_CHILDREN)
    return web, maskin, barn.ru_utime + barn.ru_stime


def sql(env, sporjing):
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DB, "-AtF", "\t", "-c", sporjing],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def ventar_paa_jobbar(env, grense=180):
    """Wait until no job is waiting or running (the sweep re-queues what the outage left)."""
    slutt = time.time() + grense
    while True:
        try:
            n = int(sql(env, "SELECT count(*) FROM alver_jobb WHERE status IN ('ventar', 'koyrer')") or 0)
        except subprocess.CalledProcessError:
            return None  # no job table (an older checkout)
        if n == 0 or time.time() > slutt:
            return n
        time.sleep(5)


def rapport(tmp, logg, env, ventande, sekund=None, cpu=None):
    print("\n== Requests (locust)")
    total = None
    with open(f"{tmp}/locust_stats.csv") as f:
        for r in csv.DictReader(f):
            print(
                f"{r['Name']:34} {r['Request Count']:>6} requests {r['Failure Count']:>5} failed "
                f"p50 {r['50%']:>6} ms  p95 {r['95%']:>6} ms  p99 {r['99%']:>6} ms"
            )
            if r["Name"] == "Aggregated":
                total = int(r["Request Count"])
    if total and sekund and cpu:
        web, maskin, locust = cpu
        server = maskin - locust
        print(
            f"{total / sekund:.1f} requests/s; server CPU per request {1000 * server / total:.0f} ms "
            f"(gunicorn {1000 * web / total:.0f} ms; PostgreSQL, Redis and the worker "
            f"{1000 * (server - web) / total:.0f} ms); locust itself {1000 * locust / total:.0f} ms"
        )
    feil = collections.Counter()
    if os.path.exists(f"{tmp}/locust_failures.csv"):
        with open(f"{tmp}/locust_failures.csv") as f:
            for r in csv.DictReader(f):
                feil[f"{r['Name']}: {r['Error'][:80]}"] += int(r["Occurrences"])
    for k, n in feil.most_common():
        print(f"  error {n:>5} × {k}")
    skriv = []
    if os.path.exists(logg):
        with open(logg, encoding="utf-8") as f:
            skriv = [line.rstrip("\n").split("\t") for line in f]
    stadfesta = {t for t, s, _k in skriv if s == "ok"}
    provde = {t for t, _s, _k in skriv}
    lagra = collections.Counter(
        # a delegation makes a child with its parent's title: only the oppdrag made count
        sql(
            env,
            "SELECT tittel FROM verksemdsplan_oppdrag WHERE tittel LIKE 'Lasttest %' AND parent_id IS NULL",
        ).splitlines()
    )
    # with --ikkje-demo the database holds earlier runs' writes too: count this run's
    lagra = collections.Counter({t: n for t, n in lagra.items() if t in provde})
    print("\n== Writes")
    print(
        f"tried {len(skriv)}, confirmed by the server {len(stadfesta)}, refused or failed "
        f"{len(skriv) - len(stadfesta)}"
    )
    print(f"lost writes (confirmed, not stored): {len(stadfesta - set(lagra))}")
    print(f"duplicates (stored more than once): {sum(1 for n in lagra.values() if n > 1)}")
    print(f"stored although the answer was an error: {len(set(lagra) - stadfesta)}")
    if ventande is not None:
        print(f"background jobs not done after the drain: {ventande}")
        print(sql(env, "SELECT status, count(*) FROM alver_jobb GROUP BY status ORDER BY status"))
    print(f"\nLogs in {tmp}")


if __name__ == "__main__":
    main()
