"""Every page renders under the strict Content-Security-Policy without a single violation.

Pages come from the URL map, so a page added later is checked too. Each is opened as a role the
role matrix (tests/api/test_role_matrix.py) allows, or anonymously when it is public.
"""

import re

import pytest

from tests.api.test_role_matrix import ACCESS
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, CONTEXT_ARGS, login
from webapp.extensions import db
from webapp.models import ClinicSession, Program

# Run on SQLite only (tests/conftest.py): what the browser may load; the pages' data is checked on
# both backends elsewhere.
pytestmark = pytest.mark.one_backend

ROLE_USERS = {"participant": "peserta01", "coach": "pelatih1", "reviewer": "bkpsdm",
              "supervisor": "atasan1", "admin": "admin"}
NOT_PAGES = ("/api/", "/static/", "/sw.js")
TABS_AT_ONCE = 8
RECORD_VIOLATIONS = """
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', event =>
        window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`));
"""


def _sample_ids(app) -> dict[str, int]:
    with app.app_context():
        program = db.session.scalar(db.select(Program.id).limit(1))
        session = db.session.scalar(db.select(ClinicSession.id).limit(1))
    return {"program_id": program, "session_id": session}


def _pages(app) -> dict[str, str]:
    """path to open -> the role to open it as, for every GET page in the URL map."""
    ids = _sample_ids(app)
    pages = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(NOT_PAGES) or rule.rule == "/api":
            continue
        allowed = ACCESS.get(f"GET {rule.rule}", {"admin"})
        role = "anonymous" if "anonymous" in allowed else min(allowed - {"anonymous"})
        pages[re.sub(r"<int:(\w+)>", lambda m: str(ids.get(m.group(1), 1)), rule.rule)] = role
    pages["/api"] = "anonymous"
    return pages


@pytest.fixture
def browser_session(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _html_paths(page, base: str, paths: list[str]) -> list[str]:
    """The paths that answer a page: downloads (CSV, XLSX) have no page to break."""
    return [path for path in sorted(paths)
            if "text/html" in page.request.get(f"{base}{path}").headers.get("content-type", "")]


def test_no_page_violates_the_content_security_policy(browser_session, live_server, seeded):
    by_role: dict[str, list[str]] = {}
    for path, role in _pages(seeded).items():
        by_role.setdefault(role, []).append(path)
    problems, opened = [], 0
    for role, paths in sorted(by_role.items()):
        context = browser_session.new_context(**CONTEXT_ARGS)
        context.add_init_script(RECORD_VIOLATIONS)
        first = context.new_page()
        if role != "anonymous":
            login(first, live_server, ROLE_USERS[role])
        html_paths = _html_paths(first, live_server, paths)
        # Each page in its own tab, all loading at once: the half second of network quiet each
        # one waits for (the scripts' own fetches done) passes for all of them together.
        for batch in range(0, len(html_paths), TABS_AT_ONCE):
            tabs = []
            for path in html_paths[batch:batch + TABS_AT_ONCE]:
                page = context.new_page()
                console = []
                page.on("console", lambda message, sink=console: sink.append(message.text))
                page.goto(f"{live_server}{path}", wait_until="commit")
                tabs.append((path, page, console))
            for path, page, console in tabs:
                page.wait_for_load_state("load")
                page.wait_for_load_state("networkidle")
                opened += 1
                violations = page.evaluate("window.__cspViolations")
                violations += [text for text in console if "Content Security Policy" in text]
                problems += [f"{path} as {role}: {v}" for v in violations]
                page.close()
        context.close()
    assert problems == []
    assert opened >= 3  # login, home, the API page at least
