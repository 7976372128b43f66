"""The layout's promises, checked: small modules, one-way dependencies, one writer, one reader
of the environment, one definition of each event group."""

import ast
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.once_per_run

SERVICE = Path(__file__).resolve().parent.parent / "service"
MODULES = sorted(SERVICE.rglob("*.py"))
MAX_LINES = 300


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def relative(path: Path) -> str:
    return str(path.relative_to(SERVICE.parent))


def test_no_module_is_over_three_hundred_lines():
    long = {relative(p): n for p in MODULES if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def test_live_updates_know_nothing_of_sessions_or_surfaces():
    for path in (SERVICE / "live").glob("*.py"):
        wrong = {
            name
            for name in imports_of(path)
            if name.startswith(("service.sessions", "service.console", "service.api"))
        }
        assert wrong == set(), relative(path)


def test_domain_packages_do_not_reach_up_into_the_surfaces():
    surfaces = ("service.customer", "service.console", "service.api", "service.admin")
    for package in ("sessions", "catalog", "content", "media", "live", "models", "sms", "webhooks"):
        for path in (SERVICE / package).rglob("*.py"):
            assert not {n for n in imports_of(path) if n.startswith(surfaces)}, relative(path)


def test_only_the_event_module_writes_the_event_log():
    writers = [relative(p) for p in MODULES if re.search(r"\bSessionEvent\(", p.read_text())]
    assert writers == ["service/sessions/events.py"]


def test_only_config_reads_the_environment():
    readers = [relative(p) for p in MODULES if re.search(r"os\.environ|getenv", p.read_text())]
    assert readers == ["service/config.py"]


def test_read_only_modules_never_commit():
    for name in ("queries.py", "timeline.py", "progress.py"):
        assert "commit(" not in (SERVICE / "sessions" / name).read_text()


@pytest.mark.parametrize(
    "group",
    [
        "FINAL",
        "TERMINAL",
        "ARRIVALS",
        "CLEARS_HELP",
        "FOLLOWED_BY_CUSTOMER",
        "REDRAWS_PANEL",
        "SMS_OUTCOMES",
        "ALARMS",
    ],
)
def test_each_event_group_is_defined_once(group):
    definitions = [
        relative(p) for p in MODULES if re.search(rf"^{group}\s*=", p.read_text(), re.MULTILINE)
    ]
    assert definitions == ["service/sessions/events.py"]


def test_the_scripts_and_templates_spell_out_no_group_of_event_types():
    event_names = ("completed", "revoked", "expired", "switched", "extended", "moved")
    for path in [*(SERVICE / "static").glob("*.js"), *(SERVICE / "templates").rglob("*.html")]:
        text = path.read_text()
        # Two or more event type names in one list or object literal is a copy of a group.
        for literal in re.findall(r"[\[{(][^\[\]{}()]*[\]})]", text):
            named = [
                name
                for name in event_names
                if re.search(rf"['\"]{name}['\"]|\b{name}\s*:", literal)
            ]
            assert len(named) < 2, f"{relative(path)}: {literal[:80]}"


def test_role_required_is_the_one_way_a_view_says_who_may_reach_it():
    # Sign-in and role checks live in auth/roles.py; which session one may see, in
    # sessions/access.py. No other module checks a role itself.
    checks = re.compile(r"\blogin_required\b|\.role\s*(==|!=|\bin\b|\bnot in\b)")
    allowed = {"service/auth/roles.py", "service/sessions/access.py"}
    found = {relative(p) for p in MODULES if checks.search(p.read_text())}
    assert found <= allowed, found - allowed
