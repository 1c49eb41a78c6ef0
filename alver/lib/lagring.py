"""Files that no URL serves: they are read only through a view that checks access first."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivatLagring(FileSystemStorage):
    """Under PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT (which development serves to anyone)."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through an access-checked view.")
