"""Self-service use, counted apart from guided sessions: where the public /help pages plug in."""


def self_service_uses(filters) -> int:
    """Return how many times customers used the sessionless /help pages under ``filters``.

    Always 0 for now: those pages (and the table counting their use) are being built
    separately; their count belongs here, never added to the guided sessions' figures.
    """
    return 0
