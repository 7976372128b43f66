"""Webhooks to the centre's CRM in the Standard Webhooks format, carrying the same payloads as
the event streams (``sessions.events.EventPayload``). Empty for now: deliveries will be rows
written with each event, subscribed through ``live.dispatch`` and sent by a worker."""
