"""The sample files the demo and tests use follow the JSON-stat 2.0 specification: checked with
jsonstat-validator (PyPI) and, since that validator does not count the values, against the
specification's rules on shape here. They are built by hand from the specification and SSB's
documented layout; they cannot be checked against a live download here."""

import json
import math
from pathlib import Path

import pytest
from jsonstat_validator import validate_jsonstat

DATA = Path(__file__).resolve().parents[2] / "budget" / "ssb_data"
JSONFILER = sorted(DATA.glob("*.json"))


def test_there_are_jsonstat_samples():
    assert len(JSONFILER) >= 1


@pytest.mark.parametrize("fil", JSONFILER, ids=lambda p: p.name)
def test_sample_passes_the_jsonstat_validator(fil):
    assert validate_jsonstat(json.loads(fil.read_text(encoding="utf-8"))) is True


@pytest.mark.parametrize("fil", JSONFILER, ids=lambda p: p.name)
def test_sample_keeps_the_specifications_rules_on_shape(fil):
    d = json.loads(fil.read_text(encoding="utf-8"))
    assert (d["version"], d["class"]) == ("2.0", "dataset")
    assert len(d["id"]) == len(d["size"]) and set(d["id"]) == set(d["dimension"])
    for dim_id, n in zip(d["id"], d["size"], strict=True):
        kat = d["dimension"][dim_id]["category"]
        indeks = kat["index"]
        idar = indeks if isinstance(indeks, list) else sorted(indeks, key=indeks.get)
        assert len(idar) == n
        if isinstance(indeks, dict):
            assert sorted(indeks.values()) == list(range(n))
        assert set(kat["label"]) == set(idar)
    celler = math.prod(d["size"])
    if isinstance(d["value"], list):
        assert len(d["value"]) == celler
    else:
        assert all(0 <= int(k) < celler for k in d["value"])
    for k in d.get("status", {}):
        assert 0 <= int(k) < celler
    for dims in d["role"].values():
        assert set(dims) <= set(d["id"])
    assert d["extension"]["px"]["tableid"] == fil.name[:5]
