# Build the wheel (code, templates, the content pack, migrations and illustrations) and
# install it with its dependencies into a virtual environment; the image then copies only
# that environment: it runs what `pip install .` gives, not a checkout, and carries no wheel,
# build cache or source tree.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY service ./service
COPY migrations ./migrations
COPY images ./images
# The environment gets no pip of its own (the build's pip installs into it): 24 MB less.
# Bytecode stays compiled, so each process starts without compiling every module again.
RUN python -m venv --without-pip /venv \
    && pip wheel --no-deps --wheel-dir /wheels . \
    && pip --python /venv/bin/python install /wheels/*.whl

FROM python:3.11-slim
ENV PATH=/venv/bin:$PATH \
    REQUIRE_SECRET_KEY=1 \
    INSTANCE_PATH=/app/instance \
    PORT=8000 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
COPY --from=build /venv /venv
RUN useradd --create-home --uid 10001 tebiki \
    && mkdir -p /app/instance \
    && chown tebiki /app/instance
WORKDIR /app
USER tebiki
EXPOSE 8000
# The README's start command serves on SERVER_BIND (gevent; one process per core with
# REDIS_URL set, else one).
ENV SERVER_BIND=0.0.0.0:8000
# The process answers (GET /healthz); the slim image has Python, not curl.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
# Alone (`docker run`): migrate and load the content pack (both idempotent), then serve.
# docker-compose.yml runs those two once, in its own service, before any app starts.
CMD ["sh", "-c", "flask --app service db upgrade && flask --app service seed && exec gunicorn --config python:service.serving 'service:create_app()'"]
