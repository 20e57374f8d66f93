from flask import Response, request
from flask_login import current_user

from webapp.api.blueprint import Blueprint
from webapp.errors import error_response
from webapp.extensions import db
from webapp.models import Photo
from webapp.schemas.photos import PhotoSchema
from webapp.security import roles_required, upload_rate_limit
from webapp.services.decisions import supervisors_evidence
from webapp.services.photos import MAX_PHOTO_BYTES, clean_photo, store_photo
from webapp.services.projects import mentors_evidence

blp = Blueprint("photos", __name__, url_prefix="/api/v1", description="Selfies and evidence")
_photo_schema = PhotoSchema()
RAW_IMAGE_BODY = {"required": True, "content": {
    "image/jpeg": {"schema": {"type": "string", "format": "binary"}},
    "image/webp": {"schema": {"type": "string", "format": "binary"}}}}


def _described(photo: Photo) -> dict:
    return _photo_schema.dump({"id": photo.id, "width": photo.width, "height": photo.height,
                               "bytes": len(photo.data), "content_type": photo.content_type})


@blp.put("/photos/<uuid:photo_id>")
@upload_rate_limit
@roles_required(before_password_change=True)
@blp.doc(requestBody=RAW_IMAGE_BODY)
@blp.response(201, PhotoSchema)
@blp.alt_response(200, schema=PhotoSchema, description="Already stored (idempotent retry)")
@blp.alt_response(409, description="This id holds another photo")
@blp.alt_response(413, description="Larger than 300 KB")
@blp.alt_response(415, description="Not image/jpeg or image/webp")
@blp.alt_response(422, description="Not a decodable image, or too many pixels")
def put_photo(photo_id):
    """Upload a photo under the client's UUID; re-encoded as JPEG with EXIF stripped."""
    if (request.content_length or 0) > MAX_PHOTO_BYTES:
        return error_response(413, "Foto lebih dari 300 KB; kecilkan dulu.", "too_large")
    clean = clean_photo(request.get_data(cache=False), request.content_type or "")
    photo, created = store_photo(current_user.id, str(photo_id), clean)
    db.session.commit()
    return _described(photo), 201 if created else 200


@blp.get("/photos/<uuid:photo_id>")
@roles_required()
@blp.doc(responses={"200": {"description": "The JPEG",
                            "content": {"image/jpeg": {"schema": {"type": "string",
                                                                  "format": "binary"}}}}})
@blp.alt_response(404, description="No such photo, or not yours to see")
def get_photo(photo_id):
    """The photo, to its owner, to reviewers, for a change project's evidence to the project's
    mentor, and for a correction's or leave request's evidence to the requester's direct
    supervisor; 404 to anyone else, so ids reveal nothing."""
    photo = db.session.get(Photo, str(photo_id))
    if photo is None or (photo.user_id != current_user.id
                         and not current_user.has_role("reviewer")
                         and not mentors_evidence(current_user, photo.id, photo.user_id)
                         and not supervisors_evidence(current_user, photo.id, photo.user_id)):
        return error_response(404, "Foto tidak ditemukan.")
    # no-cache: on a shared phone the browser must ask (and so check the session) before it
    # shows a selfie again; the ETag keeps that a 304 without the image.
    response = Response(photo.data, mimetype=photo.content_type,
                        headers={"Cache-Control": "private, no-cache"})
    response.set_etag(photo.source_sha256)
    return response.make_conditional(request)
