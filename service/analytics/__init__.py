"""Where customers get stuck, computed from the session event log (``sessions.events``).
Empty for now: it will subscribe to committed events through ``live.dispatch``."""
