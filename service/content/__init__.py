"""The content pack: TOML files (``default_pack/``) read by ``pack``, judged by ``rules`` and
loaded into the database by ``seed``. Admin editing, drafts and exports will live here too."""
