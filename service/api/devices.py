"""The devices and their guides, as a CRM shows them to its agents."""

from flask import jsonify

from service import catalog
from service.api import answers
from service.api import schemas
from service.api.spec import validate
from service.errors import NotFound
from service.media.pictures import pictures
from service.sessions.progress import labels
from service.sessions.progress import main_route_length


@validate(HTTP_200=list[answers.Device])
def list_devices():
    """List every device with its guides."""
    return jsonify(
        [
            {
                "slug": device.slug,
                "name": device.name,
                "aliases": device.aliases,
                "guides": [
                    {
                        "slug": guide.slug,
                        "title": guide.title,
                        "total_steps": main_route_length(guide.current_version),
                    }
                    for guide in device.guides
                    if guide.current_version is not None
                ],
            }
            for device in catalog.devices()
        ]
    )


@validate(HTTP_200=answers.GuideDetail)
def guide_detail(device_slug: str, guide_slug: str):
    """Show one guide's current version, every step with its picture."""
    guide = catalog.guide(device_slug, guide_slug, missing=NotFound)
    version = guide.current_version
    images = pictures([step.image_digest for step in version.steps])
    shown = labels(version)
    return jsonify(
        {
            "device": guide.device.slug,
            "slug": guide.slug,
            "title": guide.title,
            "version": version.number,
            "total_steps": main_route_length(version),
            "steps": [
                schemas.step_json(step, images.get(step.image_digest), shown.get(step.number))
                for step in version.steps
            ],
        }
    )
