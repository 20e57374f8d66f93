"""Property-based fuzzing of the whole API from its OpenAPI document (schemathesis).

Every operation in /api/openapi.json, whoever added it, is called with generated valid and
invalid input, logged in as each role, with the session cookie and a fresh CSRF token. Every
response must be no 5xx, have a documented status code and content type, and match its
documented schema. Examples are capped and derandomized so the run is quick and repeatable.
"""

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import ApiClient

ROLES = {"participant": "peserta01", "coach": "pelatih1", "reviewer": "bkpsdm", "admin": "admin"}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
# Examples per operation and generation mode. An operation the role may not use answers 403
# before reading any input, so a few examples show that; public operations do not depend on
# the role and are fuzzed once, as the first role.
MAX_EXAMPLES, DENIED_EXAMPLES = 12, 3
PUBLIC_ROLE = "admin"


@pytest.fixture
def app_config():
    # Fuzzing sends many bad logins from one address; the limits are tested in test_auth.py.
    return {"LOGIN_ADDRESS_LIMIT": "10000 per minute", "LOGIN_FREE_FAILURES": 10000}


def _credentials(app, username: str) -> dict:
    """The session cookie and CSRF token of a fresh login, fixed in every generated case.

    Each case is sent on its own, like a request from the phone. A fuzzed logout ends the
    session on the server (webapp/services/login_sessions.py); `_logged_in` notices."""
    api = ApiClient(app.test_client())
    assert api.login(username).status_code == 200
    # identity: the in-process transport does not undo Flask-Compress's br/gzip.
    return {"headers": {"X-CSRFToken": api.csrf, "Accept-Encoding": "identity"},
            "cookies": {"session": api.client.get_cookie("session").value}}


def _logged_in(app, credentials: dict) -> bool:
    client = app.test_client()
    client.set_cookie("session", credentials["cookies"]["session"])
    return client.get("/api/v1/me").status_code == 200


def _allowed_roles(app) -> dict[tuple[str, str], tuple[str, ...] | None]:
    """(METHOD, /openapi/{path}) -> the roles its view requires; None when public."""
    return {(method, re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)):
            getattr(app.view_functions[rule.endpoint], "allowed_roles", None)
            for rule in app.url_map.iter_rules() for method in rule.methods}


def _examples(role: str, allowed: tuple[str, ...] | None) -> int:
    if allowed is None:
        return MAX_EXAMPLES if role == PUBLIC_ROLE else 0
    if allowed != ("any",) and role not in allowed:
        return DENIED_EXAMPLES
    return MAX_EXAMPLES


def _fuzz(operation, credentials: dict, mode: GenerationMode, examples: int,
          statuses: list[int]) -> None:
    @settings(max_examples=examples, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck), print_blob=False)
    @given(case=operation.as_strategy(generation_mode=mode, **credentials))
    def run(case):
        statuses.append(case.call_and_validate(checks=CHECKS).status_code)

    run()


@pytest.mark.parametrize("role", sorted(ROLES))
def test_api_holds_under_generated_input(seeded, role):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", seeded)
    credentials = _credentials(seeded, ROLES[role])
    allowed_roles = _allowed_roles(seeded)
    failures, statuses = [], {}
    for result in schema.get_all_operations():
        operation = result.ok()
        examples = _examples(role, allowed_roles[(operation.method.upper(), operation.path)])
        if not examples:
            continue
        statuses[operation.label] = []
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            if not _logged_in(seeded, credentials):
                credentials = _credentials(seeded, ROLES[role])
            try:
                _fuzz(operation, credentials, mode, examples, statuses[operation.label])
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE  # nothing in it can be made invalid
            # Schemathesis raises check failures as a BaseExceptionGroup; collect them all so one
            # run reports every failing operation.
            except (Exception, BaseExceptionGroup) as error:
                failures.append(f"--- {role} {mode.value} {operation.label}\n{error}")
    assert not failures, "\n".join(failures)
    # Guard against a fuzzer that never got past the login: each operation answered something
    # other than 401 at least once.
    assert [label for label, seen in statuses.items() if set(seen) <= {401}] == []
    assert statuses
