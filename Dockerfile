FROM python:3.11-slim

ENV REQUIRE_SECRET_KEY=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY service ./service
COPY migrations ./migrations
COPY images ./images
# Editable install: the app finds migrations/ and images/ beside its package.
RUN pip install -e . \
    && useradd --create-home --uid 10001 tebiki \
    && mkdir -p /app/instance \
    && chown tebiki /app/instance

USER tebiki
EXPOSE 8000
# Migrate and load the content pack (both idempotent), then serve. One process with threads:
# Server-Sent Events hold a thread each; set LIVE_BACKEND=redis before adding processes.
CMD ["sh", "-c", "flask --app service db upgrade && flask --app service seed && exec gunicorn --workers 1 --worker-class gthread --threads 100 --bind 0.0.0.0:8000 'service:create_app()'"]
