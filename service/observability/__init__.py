"""Operations: JSON logs with request ids and no secrets, Prometheus metrics, security headers.

``setup.init_app`` wires them; ``instruments`` is what serving code counts into (it imports
nothing of the domain, so ``live/`` may use it).
"""
