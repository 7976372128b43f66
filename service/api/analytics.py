"""Where customers get stuck, for the CRM: the funnel of a device's guide between two dates."""

from flask import jsonify
from flask import request

from service.analytics import filters
from service.analytics.funnel import funnel
from service.api import answers
from service.api import requests
from service.api.spec import given
from service.api.spec import validate
from service.db import utcnow


@validate(query=requests.FunnelQuery, HTTP_200=answers.Funnel)
def analytics_funnel():
    """Answer ``{sessions, completed, outcomes, steps, ...}`` for the query's filters.

    ``device``, ``guide`` (needs ``device``), ``from`` and ``to`` (days in Japan,
    2026-12-01) and ``operator`` (a staff id) are all optional; a bad one answers 422.
    """
    given().check()  # the declared types and lengths; the filters then read the values
    return jsonify(funnel(filters.parse(request.args), utcnow()))
