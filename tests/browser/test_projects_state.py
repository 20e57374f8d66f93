"""js/projects-state.js in Chromium: the merge of the server's projects, synced records and the
outbox that the owner's and the mentor's pages render from (a pure function, called here with
plain data through page.evaluate)."""

import pytest

# Run on SQLite only (tests/conftest.py): the page's state module in the browser, fed by the test,
# not by the server.
pytestmark = pytest.mark.one_backend

SERVER = [{
    "id": "p1", "owner_id": 1, "mentor_id": 9, "program_id": 3, "unit_id": 4,
    "title": "KTP keliling", "problem": "Jauh", "goal": "Dekat", "indicator": "KTP dilayani",
    "launched_on": "2026-01-05", "classification": None, "state": "melemah",
    "usage": {"2026-09": 12}, "missing_usage": ["2026-10"], "stop": None, "conflicts": [],
    "milestones": [
        {"id": "m1", "stage": "pendek", "title": "SK tim", "output": "SK", "state": "terbuka",
         "due_date": "2026-02-01", "overdue": True, "report": None, "review": None},
        {"id": "m2", "stage": "menengah", "title": "Uji coba", "output": "Laporan",
         "state": "diklaim", "due_date": "2026-12-01", "overdue": False,
         "report": {"note": "Sudah", "photo_id": None, "done": True}, "review": None},
    ],
}]


def entry(entry_id, kind, state="queued", errors=None, at=1, **data):
    return {"id": entry_id, "kind": kind, "state": state, "errors": errors, "queued_at": at,
            "user_id": 1, "captured_at": "2026-11-20T08:00:00+07:00", "data": data}


@pytest.fixture
def call(page, live_server):
    """call("projectsView", *args): the module's export run in the page; it must not change
    its inputs."""
    page.goto(f"{live_server}/login")

    def _call(name, *args):
        return page.evaluate("""async ([name, args]) => {
            const state = await import('/static/js/projects-state.js');
            const frozen = JSON.stringify(args);
            const result = state[name](...args);
            if (JSON.stringify(args) !== frozen) throw new Error('inputs were changed');
            return result;
        }""", [name, list(args)])

    return _call


@pytest.fixture
def view(call):
    def _view(server=SERVER, records=(), entries=(), options=None):
        return call("projectsView", server, list(records), list(entries), options or {})

    return _view


def test_a_newer_synced_record_replaces_the_servers_copy_and_an_older_one_does_not(view):
    newer = {"kind": "project_report", "id": "e1", "settled_at": 2000,
             "project": {**SERVER[0], "title": "KTP keliling v2"}}
    older = {**newer, "settled_at": 500, "project": {**SERVER[0], "title": "lama"}}
    [project] = view(records=[newer], options={"asOf": 1000})
    assert project["title"] == "KTP keliling v2" and project["pending"] == []
    [project] = view(records=[older], options={"asOf": 1000})
    assert project["title"] == "KTP keliling"


def test_a_plan_made_offline_shows_as_a_pending_local_project_with_its_milestones(view):
    plan = entry("e1", "project", project_id="p2", title="Antrean daring", unit_id=4,
                 milestones=[{"id": "m9", "stage": "pendek", "title": "Rapat",
                              "due_date": "2026-11-01"}])
    _, new = view(entries=[plan], options={"today": "2026-11-27"})
    assert new["local"] and new["pending"] == ["e1"] and new["state"] == "rencana"
    [milestone] = new["milestones"]
    assert milestone["state"] == "terbuka" and milestone["overdue"]
    assert milestone["pending"] == ["e1"]


def test_an_edit_applies_only_its_fields_and_a_refused_plan_stays_with_its_reasons(view):
    edit = entry("e1", "project", project_id="p1", title="KTP keliling nagari",
                 base={"title": "KTP keliling"},
                 milestones=[{"id": "m1", "due_date": "2026-12-15"}])
    refused = entry("e2", "project", state="rejected", at=2,
                    errors={"title": ["Proyek baru perlu judul dan unit kerja."]},
                    project_id="p3", title="", milestones=[])
    edited, new = view(entries=[edit, refused], options={"today": "2026-11-27"})
    assert edited["title"] == "KTP keliling nagari" and edited["problem"] == "Jauh"
    assert edited["pendingFields"] == ["title"]
    assert edited["milestones"][0]["due_date"] == "2026-12-15"
    assert not edited["milestones"][0]["overdue"]
    assert new["local"] and new["pending"] == []
    assert new["rejected"][0]["errors"]["title"]


def test_a_claim_and_a_usage_report_show_pending_and_a_refused_claim_changes_nothing(view):
    claim = entry("e1", "project_report", project_id="p1", milestone_id="m1", done=True,
                  note="SK terbit", photo_id="f1", period=None, usage=None)
    usage = entry("e2", "project_report", at=2, project_id="p1", milestone_id=None,
                  done=False, period="2026-10", usage=40, note="")
    again = entry("e3", "project_report", at=3, project_id="p1", milestone_id=None,
                  done=False, period="2026-10", usage=45, note="")
    refused = entry("e4", "project_report", state="rejected", at=4,
                    errors={"milestone_id": ["Tahapan ini sudah diterima mentor."]},
                    project_id="p1", milestone_id="m2", done=True, period=None, usage=None)
    [project] = view(entries=[claim, usage, again, refused])
    m1, m2 = project["milestones"]
    assert m1["state"] == "diklaim" and m1["pending"] == ["e1"]
    assert m1["report"] == {"note": "SK terbit", "photo_id": "f1", "done": True,
                            "at": "2026-11-20T08:00:00+07:00", "pending": True}
    assert project["usage"] == {"2026-09": 12, "2026-10": 45}
    assert project["usagePending"] == {"2026-10": True} and project["missing_usage"] == []
    assert m2["state"] == "diklaim" and m2["pending"] == []
    assert m2["rejected"][0]["id"] == "e4"
    assert project["pending"] == ["e1", "e2", "e3"]


def test_a_pending_return_shows_the_comment_and_a_pending_stop_stops_the_project(view):
    returned = entry("e1", "project_review", project_id="p1", milestone_id="m2",
                     verdict="dikembalikan", comment="Lampirkan foto",
                     budget_note="Belum ada DPA", classification="rutinitas")
    stop = entry("e2", "project_stop", at=2, project_id="p1", reason="anggaran", note="")
    [project] = view(entries=[returned, stop], options={"today": "2026-11-27"})
    m2 = project["milestones"][1]
    assert m2["state"] == "dikembalikan" and m2["pending"] == ["e1"]
    assert (m2["review"]["comment"], m2["review"]["budget_note"], m2["review"]["pending"]) == (
        "Lampirkan foto", "Belum ada DPA", True)
    assert project["classification"] == "rutinitas"
    assert project["state"] == "berhenti" and project["stop"]["reason"] == "anggaran"
    assert project["stop"]["pending"]


def test_plan_edit_sends_only_what_changed_with_the_values_seen(view, call):
    [project] = view()
    wanted = {"title": "KTP keliling", "problem": "Jauh sekali", "unit_id": 4,
              "milestones": [{"id": "m1", "stage": "pendek", "title": "SK tim", "output": "SK",
                              "due_date": "2026-03-01"},
                             {"id": "m3", "stage": "panjang", "title": "Perbup",
                              "output": "", "due_date": None}]}
    edit = call("planEdit", project, wanted)
    assert edit == {
        "project_id": "p1", "problem": "Jauh sekali",
        "milestones": [{"id": "m1", "due_date": "2026-03-01"},
                       {"id": "m3", "stage": "panjang", "title": "Perbup", "output": "",
                        "due_date": None}],
        "base": {"problem": "Jauh", "milestones": [{"id": "m1", "due_date": "2026-02-01"}]},
    }
    unchanged = {"title": "KTP keliling", "milestones": [{"id": "m2", "title": "Uji coba"}]}
    assert call("planEdit", project, unchanged) is None
