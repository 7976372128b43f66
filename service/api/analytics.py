"""Where customers get stuck, for the CRM: the funnel of a device's guide between two dates."""

from flask import jsonify
from flask import request

from service.analytics import filters
from service.analytics.funnel import funnel
from service.db import utcnow


def analytics_funnel():
    """Answer ``{sessions, completed, outcomes, steps, ...}`` for the query's filters.

    ``device``, ``guide`` (needs ``device``), ``from`` and ``to`` (days in Japan,
    2026-12-01) and ``operator`` (a staff id) are all optional; a bad one answers 422.
    """
    return jsonify(funnel(filters.parse(request.args), utcnow()))
