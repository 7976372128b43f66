"""Webhooks to the centre's CRM in the Standard Webhooks format, carrying the same payloads as
the event streams (``sessions.events.EventPayload``).

``queue`` writes one delivery row per endpoint in the event's own transaction (an
``in_transaction`` subscriber of ``live.dispatch``); ``worker`` sends them, in order per
session, with retries; ``endpoints`` registers, rotates and replays; ``addresses`` refuses
URLs that reach inside the network; ``signing`` makes the ``webhook-*`` headers.
"""
