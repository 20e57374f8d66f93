"""A service's refusal of a request, with the HTTP status and Indonesian message it maps to.

Services raise it for what only the database can judge (missing records, roles on a record, a
state that forbids the change); the API turns it into the JSON error, pages into a message.
"""


class Refused(Exception):
    def __init__(self, status: int, message: str, fields: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.fields = status, message, fields
