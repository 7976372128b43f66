"""The deployment files as data: docker-compose.yml, the Dockerfile, deploy/nginx.conf."""

import re
import shlex
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

import crossplane
import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
NGINX_CONF = ROOT / "deploy" / "nginx.conf"


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def tebiki_services() -> dict[str, dict]:
    """The compose services that run the Tebiki image."""
    return {
        name: service
        for name, service in compose()["services"].items()
        if service.get("image") == "tebiki"
    }


def command_line(command: str | list[str]) -> str:
    """A compose command as one shell line, whichever form it is written in."""
    if isinstance(command, list):
        return command[2] if command[:2] == ["sh", "-c"] else shlex.join(command)
    return command


def flask_commands(line: str) -> list[list[str]]:
    """The ``flask --app service ...`` commands a shell line runs, as argument lists."""
    found = re.findall(r"flask --app service((?: [a-z][\w-]*)+)", line)
    return [words.split() for words in found]


def dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (INSTRUCTION, rest), continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def dockerfile_env() -> dict[str, str]:
    """The final stage's ENV, as name -> value."""
    final = max(i for i, (word, _) in enumerate(dockerfile()) if word == "FROM")
    pairs = {}
    for word, rest in dockerfile()[final:]:
        if word == "ENV":
            pairs.update(part.split("=", 1) for part in shlex.split(rest))
    return pairs


@dataclass
class Location:
    """One nginx location and the directives in force there (its own over its server's)."""

    modifier: str
    pattern: str
    settings: dict[str, list[str]] = field(default_factory=dict)

    def matches(self, path: str) -> bool:
        if self.modifier == "=":
            return path == self.pattern
        if self.modifier in ("~", "~*"):
            flags = re.IGNORECASE if self.modifier == "~*" else 0
            return re.search(self.pattern, path, flags) is not None
        return path.startswith(self.pattern)


def nginx() -> dict:
    """deploy/nginx.conf parsed by crossplane (NGINX's own parser, checking every context)."""
    parsed = crossplane.parse(str(NGINX_CONF), single=True)
    assert parsed["status"] == "ok", parsed["errors"]
    return parsed["config"][0]["parsed"]


def block(directives: list[dict], name: str) -> list[dict]:
    (found,) = [d for d in directives if d["directive"] == name]
    return found["block"]


def values(directives: list[dict]) -> dict[str, list[str]]:
    """The simple directives of one block, by name (the last one wins, as in nginx)."""
    return {d["directive"]: d["args"] for d in directives if "block" not in d}


def locations() -> tuple[dict, list[Location]]:
    """The http block's settings, and the server's locations with what is in force in each."""
    http = block(nginx(), "http")
    server = block(http, "server")
    inherited = {**values(http), **values(server)}
    found = []
    for directive in server:
        if directive["directive"] == "location":
            *modifier, pattern = directive["args"]
            own = values(directive["block"])
            found.append(Location(modifier[0] if modifier else "", pattern, {**inherited, **own}))
    return values(http), found


def location_for(path: str, candidates: list[Location]) -> Location:
    """The location nginx picks for ``path``: exact, then a regex in order, else the longest
    prefix (a ``^~`` prefix wins over regexes)."""
    exact = [each for each in candidates if each.modifier == "=" and each.matches(path)]
    if exact:
        return exact[0]
    prefixes = [each for each in candidates if each.modifier in ("", "^~") and each.matches(path)]
    longest = max(prefixes, key=lambda each: len(each.pattern), default=None)
    if longest is not None and longest.modifier == "^~":
        return longest
    regexes = [each for each in candidates if each.modifier in ("~", "~*") and each.matches(path)]
    chosen = regexes[0] if regexes else longest
    assert chosen is not None, f"no location serves {path}"
    return chosen


UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}
SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def size(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kmgKMG]?)", value).groups()
    return int(number) * UNITS[unit.lower()]


def seconds(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([smhd]?)", value).groups()
    return int(number) * SECONDS[unit]
