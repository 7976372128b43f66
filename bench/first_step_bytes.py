"""What a customer's phone downloads to show the first step of each guide.

For every device x guide: the step page's HTML as served, the scripts and
style sheets it links, plus the first picture as a 360 px WebP, the rendition a small phone
picks.
The baseline, measured in the same run, is the same page with the 720 px PNG a page without
renditions would send. Prints one line a guide, then the totals.

    python bench/first_step_bytes.py
"""

import re
import statistics

from seeded import seeded_app

from service import catalog
from service.db import utcnow
from service.media.pictures import pictures
from service.sessions import links
from service.sessions.events import AUTOMATIC

PHONE = (
    "Mozilla/5.0 (Linux; Android 9; F-52B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/90.0 Mobile Safari/537.36"
)


def main() -> None:
    rows = []
    with seeded_app() as app:
        client = app.test_client()
        settings = links.settings()
        for device in catalog.devices():
            for guide in device.guides:
                session = links.start(
                    guide_version=guide.current_version,
                    phone="09012345678",
                    settings=settings,
                    now=utcnow(),
                    by=AUTOMATIC,
                )
                path = settings.path(session)
                html = client.get(path, headers={"User-Agent": PHONE}).data
                assets = re.findall(
                    rb'<script src="([^"]+)"|<link rel="stylesheet" href="([^"]+)"', html
                )
                extra = sum(
                    len(client.get(url.decode()).data) for pair in assets for url in pair if url
                )
                first = guide.current_version.steps[0]
                picture = pictures([first.image_digest])[first.image_digest]
                webp = len(client.get(picture.webp[360]).data)
                png = len(client.get(picture.png[720]).data)
                rows.append((f"{device.slug}/{guide.slug}", len(html), extra, webp, png))

    print(
        f"{'guide':48} {'HTML':>6} {'JS+CSS':>7} {'WebP360':>8} {'total':>7} "
        f"{'PNG720 baseline':>16} ratio"
    )
    for name, html, extra, webp, png in rows:
        total, baseline = html + extra + webp, html + extra + png
        print(
            f"{name:48} {html:6} {extra:7} {webp:8} {total:7} {baseline:16} {total / baseline:5.2f}"
        )
    totals = [html + extra + webp for _, html, extra, webp, _ in rows]
    baselines = [html + extra + png for _, html, extra, _, png in rows]
    print(
        f"\n{len(rows)} guides: first step median {statistics.median(totals) / 1024:.1f} KiB, "
        f"max {max(totals) / 1024:.1f} KiB (JS+CSS files {rows[0][2]} B, CSS inline); "
        f"baseline median {statistics.median(baselines) / 1024:.1f} KiB; "
        f"ratio of medians {statistics.median(totals) / statistics.median(baselines):.2f}"
    )


if __name__ == "__main__":
    main()
