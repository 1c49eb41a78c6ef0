from tests.verksemdsplan.conftest import oppdrag  # noqa: F401  (the same one decision made into an oppdrag)
