"""Images through the API: an admin's key uploads a screenshot (multipart ``file``)."""

from flask import g
from flask import jsonify
from flask import request

from service.api import answers
from service.api import requests
from service.api.spec import given
from service.api.spec import validate
from service.auth.roles import key_role_required
from service.db import utcnow
from service.media import uploads
from service.media.pictures import pictures
from service.media.uploads.body import takes_upload
from service.media.uploads.fields import upload_from
from service.models import Role


@takes_upload
@key_role_required(Role.ADMIN)
@validate(form=requests.ImageUpload, HTTP_201=answers.Image)
def upload_image():
    """Take a screenshot (``file``; optional ``target``, ``redact``, ``name``) and keep it."""
    given().check()  # the declared fields first; the pipeline reads the boxes and the file
    upload = upload_from(request.files, request.form)
    record = uploads.accept(upload, utcnow(), api_key=g.api_key)
    picture = pictures([record.digest])[record.digest]
    answer = {
        "id": record.digest,
        "name": record.name,
        "width": picture.width,
        "height": picture.height,
        "target": list(record.target) if record.target else None,
        "renditions": {
            "webp": picture.large_webp,
            "png": picture.png[max(picture.png)],
            "srcset": {"webp": picture.srcset("webp"), "png": picture.srcset("png")},
        },
    }
    return jsonify(answer), 201
