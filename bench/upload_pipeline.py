"""How long an admin's screenshot takes through the upload pipeline, and what a phone then
downloads of it.

Each run makes an iPhone-sized screenshot (1170 x 2532 PNG: text rows, a gradient, a photo),
runs the pipeline on it (read, redact two boxes, highlight, the four renditions) and prints
the time and the bytes. The baseline, measured in the same run, is the illustration engine
encoding one drawn picture's renditions: the part both share.

    python bench/upload_pipeline.py [RUNS]
"""

import io
import random
import statistics
import sys
import time

from PIL import Image
from PIL import ImageDraw
from PIL import ImageFilter

from service.bundle import IMAGES_DIR
from service.illustrate import Spec
from service.illustrate import encode_all
from service.illustrate import render
from service.media.uploads import pipeline

SIZE = (1170, 2532)
LIMITS = pipeline.Limits(max_bytes=10 * 1024 * 1024, max_pixels=40_000_000)


def screenshot(seed: int) -> bytes:
    """Return a phone screenshot's worth of PNG: a header gradient, rows of text, a photo."""
    rng = random.Random(seed)
    image = Image.new("RGB", SIZE, (250, 250, 252))
    draw = ImageDraw.Draw(image)
    for y in range(300):
        draw.line((0, y, SIZE[0], y), fill=(10 + y // 4, 80 + y // 6, 200))
    for row in range(40):
        top = 340 + row * 52
        for word in range(rng.randint(3, 9)):
            left = 60 + word * 120
            draw.rectangle((left, top, left + rng.randint(40, 110), top + 28), fill=(40, 40, 46))
    noise = Image.frombytes("RGB", (390, 300), rng.randbytes(390 * 300 * 3))
    image.paste(noise.resize((1050, 600)).filter(ImageFilter.GaussianBlur(6)), (60, 1820))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def main(runs: int) -> None:
    spec = Spec.load(sorted(IMAGES_DIR.rglob("*.toml"))[0])
    drawn = render(spec)
    uploads, baselines = [], []
    for run in range(runs):
        data = screenshot(run)
        start = time.perf_counter()
        made = pipeline.process(
            data, LIMITS, (100, 400, 400, 120), ((60, 340, 900, 80), (60, 600, 900, 80)), "blur"
        )
        uploads.append(time.perf_counter() - start)
        start = time.perf_counter()
        encode_all(drawn)
        baselines.append(time.perf_counter() - start)
        small = len(made.renditions[(360, "webp")])
        print(
            f"run {run + 1}: {len(data):>9,} bytes in, pipeline {uploads[-1] * 1000:6.0f} ms, "
            f"360 px WebP {small:,} bytes, 720 px PNG {len(made.renditions[(720, 'png')]):,} "
            f"bytes; baseline (drawn picture's renditions) {baselines[-1] * 1000:.0f} ms"
        )
    upload, baseline = statistics.median(uploads), statistics.median(baselines)
    print(
        f"ratio of medians (pipeline / drawn renditions): {upload / baseline:.2f} "
        f"({upload * 1000:.0f} ms / {baseline * 1000:.0f} ms)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
