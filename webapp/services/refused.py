"""A service's refusal of a request, with the HTTP status and Indonesian message it maps to.

Services raise it for what they judge and the request cannot change (missing records, roles on
a record, a state that forbids the change, a photo that is not one); the API turns it into the
JSON error (`code` defaults to the status's), pages into a message. Nothing the service added
is kept: the session is rolled back.
"""


class Refused(Exception):
    def __init__(self, status: int, message: str, fields: dict | None = None,
                 code: str | None = None):
        super().__init__(message)
        self.status, self.message, self.fields, self.code = status, message, fields, code
