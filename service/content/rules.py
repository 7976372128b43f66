"""Judge the content pack against the rules a customer and an operator rely on.

Run by the test suite and by ``flask --app service content check``. Each rule names where it
failed, so the person editing the pack knows which file and step to fix.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from service.bundle import IMAGES_DIR
from service.catalog.finder import SMS_APPS
from service.content import hint_rules
from service.content import pack
from service.content.pack import DeviceSpec
from service.content.pack import GuideSpec
from service.hints.mail_domains import HINTS_DIR
from service.illustrate import Spec
from service.illustrate import SpecError
from service.illustrate import rendition_path

CORE_GUIDES = ("speaker", "sms-code", "email-code", "no-code", "copy-paste")
TEXT_LIMIT = 60
# What a step names on the screen (an app, a button, a screen): the words in 「」.
NAMED = re.compile(r"「([^」]+)」")
# A source: a public page, or what a person saw on a real phone.
SOURCE = re.compile(r"https?://\S+|seen on [^,]+, .+")
# Words that tell the customer it worked: never on an ending that hands back to the operator.
SUCCESS_WORDS = re.compile(r"できました|完了しました|終わりました|済みました|済んでいます")
WEBP_720_BUDGET = 60 * 1024
WARNING = "この番号は誰にも教えないでください（オペレーターにも）"
# Asking for the code, in any politeness: "番号を教えてください", "コードを読み上げていただけ…".
ASKS_FOR_CODE = re.compile(
    r"(番号|コード|数字|暗証|パスワード)[^。]{0,15}"
    r"(教え|お教え|読み上げ|おっしゃっ|お聞かせ|伝え|お伝え)て?(ください|いただ|もらえ|ほしい)"
)


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def check(
    content_dir: Path = pack.CONTENT_DIR,
    images_dir: Path = IMAGES_DIR,
    hints_dir: Path | None = None,
) -> list[Problem]:
    """Return every problem in the pack; an empty list means it may ship.

    The hint tables are judged against the devices they go with: the shipped ones with the
    shipped pack, others only when ``hints_dir`` names them.
    """
    try:
        devices = pack.load(content_dir)
    except pack.PackError as exc:
        return [Problem("pack", str(exc))]
    problems: list[Problem] = []
    slugs = [device.slug for device in devices]
    for slug in {s for s in slugs if slugs.count(s) > 1}:
        problems.append(Problem(slug, "two devices share this slug"))
    for device in devices:
        problems += _device(device, images_dir)
    if hints_dir is None and content_dir == pack.CONTENT_DIR:
        hints_dir = HINTS_DIR
    if hints_dir is not None:
        found = hint_rules.check(devices, hints_dir)
        problems += [Problem(where, message) for where, message in found]
    return problems


def device_problems(device: DeviceSpec, images_dir: Path = IMAGES_DIR) -> list[Problem]:
    """Return what is wrong with one device file (an import), alone."""
    return _device(device, images_dir)


def _device(device: DeviceSpec, images_dir: Path) -> list[Problem]:
    problems = []
    if device.family not in pack.FAMILIES:
        problems.append(Problem(device.slug, f"family must be one of {sorted(pack.FAMILIES)}"))
    if not device.aliases:
        problems.append(Problem(device.slug, "no aliases: add the names customers say"))
    unknown_apps = set(device.sms_apps) - set(SMS_APPS)
    if unknown_apps or not device.sms_apps:
        problems.append(
            Problem(device.slug, f"sms_apps must name at least one of {sorted(SMS_APPS)}")
        )
    unknown_traits = set(device.traits) - pack.TRAITS
    if unknown_traits:
        problems.append(Problem(device.slug, f"unknown traits {sorted(unknown_traits)}"))
    stored = device.image.startswith(pack.DIGEST_PREFIX)
    if device.image and not stored and not (images_dir / f"{device.image}.toml").exists():
        problems.append(Problem(device.slug, f"device picture {device.image}.toml not found"))
    present = [guide.slug for guide in device.guides]
    for slug in CORE_GUIDES:
        if slug not in present:
            problems.append(Problem(device.slug, f"missing core guide {slug!r}"))
    for guide in device.guides:
        where = f"{device.slug}/{guide.slug}"
        problems += graph(guide, where)
        for step in guide.steps:
            problems += _step(step, f"{where}/{step.key}", images_dir)
    return problems


def graph(guide: GuideSpec, where: str) -> list[Problem]:
    """Return what is wrong with a guide's paths: keys, branches, endings, loops."""
    if not guide.steps:
        return [Problem(where, "has no steps")]
    problems = []
    index = {}
    for position, step in enumerate(guide.steps):
        if step.key in index:
            problems.append(Problem(where, f"two steps share the key {step.key!r}"))
        index[step.key] = position
        if step.choices and len(step.choices) < 2:
            problems.append(Problem(f"{where}/{step.key}", "a choice needs at least two options"))
        if step.end and (step.next or step.choices):
            problems.append(Problem(f"{where}/{step.key}", "an end step cannot lead anywhere"))
        if not guide.successors(position) and not step.end:
            problems.append(
                Problem(
                    f"{where}/{step.key}",
                    'the last step of a path must say what it means: end = "completed" '
                    '(the order went through) or end = "needs_operator"',
                )
            )
        if step.end == "needs_operator" and SUCCESS_WORDS.search(step.text + step.title):
            problems.append(
                Problem(f"{where}/{step.key}", "an ending that needs the operator says it worked")
            )
    edges = {}
    for position, step in enumerate(guide.steps):
        targets = guide.successors(position)
        for target in targets:
            if target not in index:
                problems.append(Problem(f"{where}/{step.key}", f"leads to unknown step {target!r}"))
        edges[step.key] = [t for t in targets if t in index]
    reachable = _reach(guide.steps[0].key, edges)
    for step in guide.steps:
        if step.key not in reachable:
            problems.append(Problem(f"{where}/{step.key}", "cannot be reached from the first step"))
    ends = {key for key, targets in edges.items() if not targets}
    for key in sorted(reachable, key=index.get):
        if not _reach(key, edges) & ends:
            problems.append(Problem(f"{where}/{key}", "every path from here goes round for ever"))
    return problems


def _reach(start: str, edges: dict[str, list[str]]) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        key = todo.pop()
        if key not in seen:
            seen.add(key)
            todo += edges.get(key, [])
    return seen


def _sources(step, where: str) -> list[Problem]:
    """Every fact sourced: a step that names what is on a screen says where that comes from."""
    problems = []
    named = NAMED.findall(step.title + step.text)
    if named and not step.sources and not step.needs_check:
        problems.append(
            Problem(
                where,
                f"names 「{named[0]}」 with no source: add sources "
                '(a public page, or "seen on <model>, <OS version>") or needs_check',
            )
        )
    for source in step.sources:
        if not SOURCE.fullmatch(source):
            message = f'source {source[:60]!r} is neither a URL nor "seen on <model>, <OS>"'
            problems.append(Problem(where, message))
    return problems


def _step(step, where: str, images_dir: Path) -> list[Problem]:
    problems = step_words(step, where)
    if not step.image:
        return [*problems, Problem(where, "has no illustration")]
    if step.image.startswith(pack.DIGEST_PREFIX):
        return problems  # a stored picture, checked against the database where it is imported
    return problems + _illustration(step, where, images_dir)


def step_words(step, where: str) -> list[Problem]:
    """Return what is wrong with a step's words: sources, lengths, the script, the code."""
    problems = _sources(step, where)
    if len(step.text) > TEXT_LIMIT:
        problems.append(
            Problem(where, f"text has {len(step.text)} characters; at most {TEXT_LIMIT}")
        )
    if not step.text or not step.title:
        problems.append(Problem(where, "needs a title and a text"))
    if not step.script:
        problems.append(Problem(where, "needs an operator talk script"))
    for text in (step.text, step.script, step.title):
        if ASKS_FOR_CODE.search(text):
            problems.append(Problem(where, f"asks for the code: {text!r}"))
    if step.image and not step.alt:
        problems.append(Problem(where, "the illustration needs alt text saying the action"))
    return problems


def _illustration(step, where: str, images_dir: Path) -> list[Problem]:
    problems = []
    spec_path = images_dir / f"{step.image}.toml"
    if not spec_path.exists():
        return [*problems, Problem(where, f"illustration spec {step.image}.toml not found")]
    try:
        spec = Spec.load(spec_path)
    except SpecError as exc:
        return [*problems, Problem(where, str(exc))]
    if spec.shows_code and not step.warning:
        problems.append(
            Problem(where, "the picture shows the code, so the step must set warning = true")
        )
    webp = rendition_path(spec_path, 720, "webp")
    if not webp.exists():
        problems.append(Problem(where, f"{webp.name} not rendered: run illustrations build"))
    elif webp.stat().st_size > WEBP_720_BUDGET:
        problems.append(
            Problem(where, f"{webp.name} is {webp.stat().st_size} bytes; budget {WEBP_720_BUDGET}")
        )
    return problems
