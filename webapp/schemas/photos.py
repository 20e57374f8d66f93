import marshmallow as ma


class PhotoSchema(ma.Schema):
    id = ma.fields.String()
    width = ma.fields.Integer()
    height = ma.fields.Integer()
    bytes = ma.fields.Integer()
    content_type = ma.fields.String()
