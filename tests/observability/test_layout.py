"""What live/ counts into stays free of the domain, so live/ still knows nothing of sessions."""

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.once_per_run

INSTRUMENTS = Path(__file__).resolve().parents[2] / "service" / "observability" / "instruments.py"


def test_the_instruments_import_only_flask_and_prometheus_client():
    tree = ast.parse(INSTRUMENTS.read_text())
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    modules |= {
        a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names
    }
    assert modules <= {"flask", "prometheus_client"}
