"""Images: stored by digest (``store``), named for pages (``pictures``), served (``views``).

Admin uploads (re-encoded, stripped of metadata) will arrive here as ``uploads``.
"""
