"""The deployment files cannot run here, so they are read: they must agree with the code, the
documented start command and the settings."""

import inspect
import re
import shlex
from urllib.parse import urlsplit

from click.testing import CliRunner
from flask.cli import FlaskGroup
from gunicorn.config import Config

from service import config
from service import serving
from tests.deploy import files
from tests.deploy.nodes import START_COMMAND

# Read by something other than config.py: gunicorn (PORT), Python and the image's PATH.
RUNTIME = {"PATH", "PORT", "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED"}
SETTINGS = set(config.ENVIRONMENT) | set(config.SERVING_ENVIRONMENT) | {"INSTANCE_PATH"}


def readme_section(title: str) -> str:
    text = (files.ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {title}\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, f"README.md has no '## {title}' section"
    return match.group(1)


def sample_path(rule) -> str:
    return re.sub(r"<[^>]+>", "x1", rule.rule)


def streams_events(view) -> bool:
    """Whether a view answers with an event stream (every stream is live.sse's response)."""
    return "sse_response" in inspect.unwrap(view).__code__.co_names


def test_every_server_starts_with_the_documented_command():
    assert files.compose()["services"]["app"]["command"] == START_COMMAND
    (cmd,) = [rest for word, rest in files.dockerfile() if word == "CMD"]
    assert f"exec {START_COMMAND}" in shlex.split(cmd.strip("[]").replace('", "', " "))[-1]
    assert START_COMMAND in readme_section("Serving")
    # Every name in the config module is one gunicorn knows (it would ignore a misspelt one).
    names = {name for name in vars(serving) if not name.startswith("_")}
    assert names and names <= set(Config().settings)


def test_every_variable_the_files_set_is_a_documented_setting():
    table = readme_section("Configuration") + readme_section("Serving")
    for name, service in files.tebiki_services().items():
        for variable in service["environment"]:
            assert variable in SETTINGS, f"{name} sets {variable}, which no setting reads"
            assert f"`{variable}`" in table, f"{variable} is missing from README's settings"
    for variable in files.dockerfile_env():
        assert variable in SETTINGS | RUNTIME, f"the Dockerfile sets {variable}"


def test_the_services_point_at_each_other():
    compose = files.compose()
    services = compose["services"]
    settings = services["app"]["environment"]
    database = urlsplit(re.sub(r"\$\{[^}]*\}", "secret", settings["DATABASE_URL"]))
    postgres = services["postgres"]["environment"]
    assert database.hostname in services and database.scheme == "postgresql"
    assert (database.username, database.path) == (
        postgres["POSTGRES_USER"],
        "/" + postgres["POSTGRES_DB"],
    )
    # REDIS_URL set: live events and limits are shared through Redis by every container.
    assert urlsplit(settings["REDIS_URL"]).hostname in services
    port = files.dockerfile_env()["PORT"]
    assert services["app"]["expose"] == [port]
    (upstream,) = [d for d in files.block(files.nginx(), "http") if d["directive"] == "upstream"]
    (server,) = [d["args"][0] for d in upstream["block"] if d["directive"] == "server"]
    assert server == f"app:{port}"
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in services["nginx"]["volumes"]


def test_every_command_the_containers_run_exists(app):
    cli = FlaskGroup(create_app=lambda: app)
    lines = [files.command_line(s["command"]) for s in files.tebiki_services().values()]
    lines += [rest for word, rest in files.dockerfile() if word == "CMD"]
    commands = [words for line in lines for words in files.flask_commands(line)]
    assert ["webhooks", "work"] in commands and ["db", "upgrade"] in commands
    for words in commands:
        result = CliRunner().invoke(cli, [*words, "--help"])
        assert result.exit_code == 0, f"flask {' '.join(words)}: {result.output}"


def test_the_image_is_multi_stage_non_root_and_checks_a_real_health_path(app):
    instructions = files.dockerfile()
    assert [word for word, _ in instructions].count("FROM") == 2
    (user,) = [rest for word, rest in instructions if word == "USER"]
    assert user not in ("root", "0")
    (check,) = [rest for word, rest in instructions if word == "HEALTHCHECK"]
    port, path = re.search(r"http://127\.0\.0\.1:(\d+)(/[\w/]*)", check).groups()
    assert port == files.dockerfile_env()["PORT"]
    assert path in {rule.rule for rule in app.url_map.iter_rules()}
    assert app.test_client().get(path).status_code == 200


def test_the_proxy_buffers_everything_but_the_event_streams(app):
    http, locations = files.locations()
    assert {"client_header_timeout", "client_body_timeout", "send_timeout"} <= set(http)
    sse_rules = [
        rule
        for rule in app.url_map.iter_rules()
        if streams_events(app.view_functions[rule.endpoint])
    ]
    assert len(sse_rules) >= 3, "the event streams were not found"
    for rule in app.url_map.iter_rules():
        where = files.location_for(sample_path(rule), locations)
        assert where.settings["proxy_pass"] == ["http://tebiki"]
        if rule in sse_rules:
            assert where.settings["proxy_buffering"] == ["off"], rule.rule
            timeout = files.seconds(where.settings["proxy_read_timeout"][0])
            assert timeout >= app.config["SSE_MAX_SECONDS"] > 0, rule.rule
            assert timeout > app.config["SSE_HEARTBEAT_SECONDS"]
        else:
            assert where.settings["proxy_buffering"] == ["on"], rule.rule
            assert where.settings["proxy_request_buffering"] == ["on"], rule.rule


def test_the_proxy_takes_the_bodies_the_app_takes(app):
    _, locations = files.locations()
    rules = list(app.url_map.iter_rules())
    uploads = {
        sample_path(rule)
        for rule in rules
        if getattr(app.view_functions[rule.endpoint], "takes_upload", False)
    }
    assert uploads, "the upload views were not found"
    for rule in rules:
        where = files.location_for(sample_path(rule), locations)
        limit = files.size(where.settings["client_max_body_size"][0])
        # An upload's path takes twice the file limit (service/media/uploads/body.py), whatever
        # the method: nginx cannot tell a GET from a POST by location.
        if sample_path(rule) in uploads:
            assert limit == 2 * config.DEFAULTS["UPLOAD_MAX_BYTES"], rule.rule
        else:
            assert limit == config.DEFAULTS["MAX_CONTENT_LENGTH"], rule.rule
