"""The operator's view of background jobs (`alver.models.Jobb`):

manage.py jobbar                    # list the stuck and failed jobs
manage.py jobbar --sveip            # queue what is waiting or stuck (cron, without a broker)
manage.py jobbar --prov-igjen 12    # queue job 12 again, its attempts from nought
manage.py jobbar --alle             # queue every stuck and failed job again
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from alver.lib import oppgaver
from alver.models import Jobb


def _fast_eller_feila():
    jobbar = Jobb.objects.exclude(status=Jobb.Status.FERDIG).order_by("pk")
    return [j for j in jobbar.iterator() if j.status == Jobb.Status.FEILA or j.er_fast()]


class Command(BaseCommand):
    help = (
        "List stuck and failed background jobs, queue them again, or sweep (run from cron without a broker)."
    )

    def add_arguments(self, parser):
        g = parser.add_mutually_exclusive_group()
        g.add_argument(
            "--sveip", action="store_true", help="queue the jobs that wait or whose heartbeat stopped"
        )
        g.add_argument("--prov-igjen", type=int, metavar="ID", help="queue this job again")
        g.add_argument("--alle", action="store_true", help="queue every stuck and failed job again")

    def handle(self, *args, sveip=False, prov_igjen=None, alle=False, **opts):
        if sveip:
            self.stdout.write(f"Queued {oppgaver.sveip()} job(s).")
            return
        if prov_igjen is not None:
            jobb = Jobb.objects.filter(pk=prov_igjen).first()
            if jobb is None:
                raise CommandError(f"No job {prov_igjen}.")
            jobbar = [jobb]
        elif alle:
            jobbar = _fast_eller_feila()
        else:
            jobbar = _fast_eller_feila()
            if not jobbar:
                self.stdout.write("No stuck or failed jobs.")
            for j in jobbar:
                tid = j.hjarteslag or j.updated_at
                self.stdout.write(
                    f"{j.pk}\t{j.tilstand()}\t{str(j)[:120]}\tattempts {j.forsok}\t"
                    f"{tid:%Y-%m-%d %H:%M:%S}\t{j.feil.splitlines()[-1] if j.feil else ''}"
                )
            return
        for j in jobbar:
            with transaction.atomic():
                oppgaver.prov_igjen(j)
            self.stdout.write(f"Queued job {j.pk} again: {j}")
