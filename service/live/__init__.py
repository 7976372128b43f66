"""Live updates: brokers that wake watchers, the after-commit dispatch, and the SSE streams.

Nothing here knows what a session is: the event log is read by whoever opens a stream, and
published payloads are opaque dictionaries.
"""
