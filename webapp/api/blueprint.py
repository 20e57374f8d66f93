"""The API's blueprint: its schemas read the JSON body the input guard already decoded."""

import flask_smorest
from flask import g
from webargs.flaskparser import FlaskParser


class GuardedParser(FlaskParser):
    def _raw_load_json(self, req):
        if "json_body" in g:  # set by webapp.input_guard for every JSON body of the API
            return g.json_body
        return super()._raw_load_json(req)


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = GuardedParser()
