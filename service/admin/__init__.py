"""The admin surface (``/admin``): content editing with drafts and versions, images, people and
keys. Empty for now: its blueprint arrives here, beside ``console`` and ``api``."""
