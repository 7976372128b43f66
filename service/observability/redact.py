"""Keep link tokens and phone numbers out of every log line.

Tokens are found by route: every URL rule with a secret argument (a customer's link, a
preview link) becomes a pattern, so a path is cleaned whichever logger prints it (ours,
werkzeug's, gunicorn's) and whether or not it matched a route. The current request's own
secrets are also replaced wherever they appear. Phone numbers are what phonenumbers finds,
cut to their last 4 digits as the retention rules keep them.
"""

import re
from collections.abc import Iterable

import phonenumbers
from werkzeug.routing import Map

# The URL arguments that are keys to something (a session, a preview).
SECRET_ARGUMENTS = frozenset({"token", "preview_token"})
HIDDEN = "[token]"
ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
# What a path segment can be in a log line: stops at the next slash, query, quote or space.
SEGMENT = r"[^/?#\s\"'<>]+"
# A cheap look before asking phonenumbers: nine or more digits, maybe spaced or dashed.
DIGIT_RUN = re.compile(r"\d(?:[\s\-().]*\d){8,}")


def route_patterns(url_map: Map) -> list[re.Pattern]:
    """Return a pattern per URL rule with a secret argument; its groups are the secrets."""
    patterns = {}
    for rule in url_map.iter_rules():
        if not SECRET_ARGUMENTS & set(rule.arguments):
            continue
        pieces, start = [], 0
        for match in ARGUMENT.finditer(rule.rule):
            pieces.append(re.escape(rule.rule[start : match.start()]))
            secret = match.group(1) in SECRET_ARGUMENTS
            pieces.append(f"({SEGMENT})" if secret else f"(?:{SEGMENT})")
            start = match.end()
        # Only up to the last secret: /g/<token>/anything-else is cleaned too.
        pattern = "".join(pieces)
        patterns[pattern] = re.compile(pattern)
    return list(patterns.values())


class Redactor:
    """Clean text of link tokens (by the app's routes) and of phone numbers."""

    def __init__(self, patterns: Iterable[re.Pattern] = ()):
        self.patterns = list(patterns)

    def clean(self, text: str, secrets: Iterable[str] = ()) -> str:
        """Return ``text`` without the given secrets, tokens in paths or phone numbers."""
        text = hide(text, secrets)
        for pattern in self.patterns:
            text = pattern.sub(_hide_groups, text)
        return mask_phones(text)


def hide(text: str, secrets: Iterable[str]) -> str:
    """Return ``text`` with each of ``secrets`` (a request's token, say) replaced."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, HIDDEN)
    return text


def _hide_groups(match: re.Match) -> str:
    whole, start = match.group(0), match.start()
    pieces, last = [], 0
    for index in range(1, (match.lastindex or 0) + 1):
        begin, end = match.span(index)
        pieces += [whole[last : begin - start], HIDDEN]
        last = end - start
    return "".join(pieces) + whole[last:]


def mask_phones(text: str) -> str:
    """Return ``text`` with every phone number phonenumbers finds cut to its last 4 digits."""
    if not DIGIT_RUN.search(text):
        return text
    pieces, last = [], 0
    for found in phonenumbers.PhoneNumberMatcher(
        text, "JP", leniency=phonenumbers.Leniency.POSSIBLE
    ):
        digits = re.sub(r"\D", "", found.raw_string)
        pieces += [text[last : found.start], "…" + digits[-4:]]
        last = found.end
    pieces.append(text[last:])
    return "".join(pieces)
