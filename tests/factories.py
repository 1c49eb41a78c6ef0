import factory
from django.contrib.auth.hashers import make_password

from alver.models import Eining, User

PASSORD = "rett-hest-batteri-stift"
_HASH = make_password(PASSORD)  # hashing once keeps the suite fast


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@testvik.example")
    namn = factory.Sequence(lambda n: f"Person {n}")
    tittel = "Rådgjevar"
    password = _HASH


class EiningFactory(factory.django.DjangoModelFactory):
    """Units are tree nodes: pass parent=... to place one under another."""

    class Meta:
        model = Eining

    namn = factory.Sequence(lambda n: f"Eining {n}")
    kode = factory.Sequence(lambda n: f"{9000 + n}")
    type = Eining.Type.EINING

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        node = model_class(**kwargs)
        return (
            model_class.objects.add_child(parent, instance=node)
            if parent
            else model_class.objects.add_root(instance=node)
        )
