# Build the wheel (code, templates, the content pack, migrations and illustrations), then
# install only the wheel: the image runs what `pip install .` gives, not a checkout.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY service ./service
COPY migrations ./migrations
COPY images ./images
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim
ENV REQUIRE_SECRET_KEY=1 \
    INSTANCE_PATH=/app/instance \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
COPY --from=build /wheels /wheels
RUN pip install /wheels/*.whl \
    && rm -rf /wheels \
    && useradd --create-home --uid 10001 tebiki \
    && mkdir -p /app/instance \
    && chown tebiki /app/instance
WORKDIR /app
USER tebiki
EXPOSE 8000
# Migrate and load the content pack (both idempotent), then serve. One process with threads:
# Server-Sent Events hold a thread each; set LIVE_BACKEND=redis before adding processes.
CMD ["sh", "-c", "flask --app service db upgrade && flask --app service seed && exec gunicorn --workers 1 --worker-class gthread --threads 100 --no-control-socket --bind 0.0.0.0:8000 'service:create_app()'"]
