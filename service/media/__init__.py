"""Images: stored by digest (``store``), named for pages (``pictures``), served (``views``).

Admins' screenshots (re-encoded, stripped of metadata, highlighted) come in through ``uploads``.
"""
