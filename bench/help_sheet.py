"""How long the printable sheet of each guide takes to build, and how big it is.

For every device x guide (or the first N guides): the time to build its one-page A4 PDF from
scratch (fpdf2 laying out the steps and embedding the font's subset), the time to serve it
again from the app's cache, and its bytes. The baselines, measured in the same run: the time
to serve the guide's first help page (HTML), and the bytes of the PNG pictures the sheet
embeds (so the ratio shows what the font, the words and the QR code add).

    python bench/help_sheet.py [N]
"""

import statistics
import sys
import time

from seeded import seeded_app

from service import catalog
from service.help import sheet
from service.help import walk


def timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return (time.perf_counter() - start) * 1000, result


def main(limit: int | None = None) -> None:
    rows = []
    with seeded_app() as app:
        client = app.test_client()
        guides = [(d, g) for d in catalog.devices() for g in d.guides][:limit]
        for device, guide in guides:
            path = f"/help/{device.slug}/{guide.slug}"
            page_ms, _ = timed(lambda path=path: client.get(path))
            build_ms, answer = timed(lambda path=path: client.get(path + ".pdf"))
            again_ms, _ = timed(lambda path=path: client.get(path + ".pdf"))
            steps = walk.sheet_steps(guide.current_version)
            pictures = sum(len(data) for data in sheet._pictures(steps).values())
            name = f"{device.slug}/{guide.slug}"
            rows.append((name, len(steps), build_ms, again_ms, page_ms, len(answer.data), pictures))

    print(
        f"{'guide':48} {'steps':>5} {'build ms':>8} {'cached':>6} {'page ms':>7} "
        f"{'PDF B':>7} {'PNGs B':>7} ratio"
    )
    for name, steps, build, again, page, size, pngs in rows:
        print(
            f"{name:48} {steps:5} {build:8.0f} {again:6.1f} {page:7.1f} {size:7} {pngs:7} "
            f"{size / pngs:5.2f}"
        )
    builds = [row[2] for row in rows]
    pages = [row[4] for row in rows]
    sizes = [row[5] for row in rows]
    pngs = [row[6] for row in rows]
    print(
        f"\n{len(rows)} guides: build median {statistics.median(builds):.0f} ms "
        f"(max {max(builds):.0f}), cached median {statistics.median([r[3] for r in rows]):.1f} ms, "
        f"help page median {statistics.median(pages):.1f} ms, ratio of medians "
        f"{statistics.median(builds) / statistics.median(pages):.1f}; PDF median "
        f"{statistics.median(sizes) / 1024:.0f} KiB (max {max(sizes) / 1024:.0f}), "
        f"its pictures {statistics.median(pngs) / 1024:.0f} KiB, size ratio of medians "
        f"{statistics.median(sizes) / statistics.median(pngs):.2f}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else None)
