"""Who may do what: staff accounts and sign-in (``accounts``, ``views``), roles on every view
(``roles``), and API keys for integrations (``api_keys``)."""
