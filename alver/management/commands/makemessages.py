from django.core.management.commands import makemessages


class Command(makemessages.Command):
    # Notes the system stores as codes (alver.lib.historikk.grunnkode) are translated when
    # shown, so their message ids must be in the catalogues too.
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=grunnkode"]
