"""Guidance sessions: the link, the customer's walk through a guide, the operator's steering.

``events`` is the vocabulary and the only writer of the event log; ``links`` creates sessions
and texts their link; ``lifecycle`` is what the customer's presses do; ``steering`` what the
operator (or the CRM) does; ``expiry`` ends sessions whose time ran out; ``shortcodes`` are
the digits read aloud; ``queries`` and ``timeline`` only read.
"""
