"""Request and response schemas. Importing the package first sets marshmallow's messages in
Bahasa Indonesia (webapp/schemas/base.py), before any schema module builds its validators."""

from webapp.schemas import base  # noqa: F401
