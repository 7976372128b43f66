"""Where customers get stuck, computed from the session event log (``sessions.events``).

Read-only: every figure is counted in the database from ``session_events`` and
``guidance_sessions`` at the moment it is asked for; nothing is stored, no personal data
(phone numbers, mail domains) is read. ``funnel`` assembles what the API and the admin page
show; the other modules each count one thing.
"""
