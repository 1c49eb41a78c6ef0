from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils.module_loading import module_has_submodule

from alver.demo import DEMO_BRUKARAR, DEMO_PASSORD, DOMENE


def demomodular():
    """Each app's demo module, in INSTALLED_APPS order. The core imports no later app: it finds
    them the way the admin finds admin.py."""
    return [
        import_module(f"{config.name}.demo")
        for config in apps.get_app_configs()
        if not config.name.startswith(("django.", "guardian", "simple_history", "treebeard", "django_htmx"))
        and module_has_submodule(config.module, "demo")
    ]


def last_grunndata(demoar=None):
    """The reference data the migrations load (roles, code lists); also what a test that
    flushed the database needs back."""
    for demo in demoar or demomodular():
        if hasattr(demo, "grunndata"):
            demo.grunndata()


class Command(BaseCommand):
    help = (
        "Build the demo kommune around today (the app's clock: ALVER_DATO sets another day). Each "
        "app's demo.py adds its part, in the order of INSTALLED_APPS (the plan chain). Running it "
        "again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Build the demo even with DEBUG off (it makes logins with the password «demo»).",
        )
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help=(
                "Make a kommune N times larger for benchmarks: the organisation and, from N=2, a year's "
                "oppdrag and status reports in every unit (10 ≈ Oslo: 1,500 units, 20,000 people, "
                "20,000 oppdrag a year)."
            ),
        )
        parser.add_argument(
            "--aar",
            type=int,
            default=0,
            help="Add K earlier years of oppdrag and status reports in every unit (with --scale 10 --aar 5: "
            "about 100,000 oppdrag and 1,000,000 status reports).",
        )

    def handle(self, *args, scale, aar, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like production, and the demo makes an administrator with the "
                "password «demo». Use --force if you really mean it."
            )
        if scale < 1 or scale > 100:
            raise CommandError("--scale must be between 1 and 100.")
        if aar < 0 or aar > 10:
            raise CommandError("--aar must be between 0 and 10.")
        # the demo's new owners are not real people: send them no mail
        # (the e-mail setting outermost: mail queued on commit is sent when the transaction ends)
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            transaction.atomic(),
        ):
            demoar = demomodular()
            # reference data first (a flushed database has lost what the migrations loaded),
            # so an earlier app's demo may already set off work in a later app
            last_grunndata(demoar)
            for demo in demoar:
                demo.bygg(stdout=self.stdout, scale=scale, aar=aar)
        self.stdout.write(self.style.SUCCESS(f"Demo kommune is ready. Logins (password «{DEMO_PASSORD}»):"))
        for prefiks, (namn, tittel, _u, _r) in DEMO_BRUKARAR.items():
            self.stdout.write(f"  {prefiks + '@' + DOMENE:<38} {namn}, {tittel}")
