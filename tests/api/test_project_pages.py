"""/projects, the owner's page: a shell for participants that carries no project of anyone
(the phone renders them from its own bootstrap and outbox), with the units and only the
leadership-training programmes the participant is enrolled in."""

from webapp.demo import PKA_PROGRAM_NAME, PROGRAM_NAME


def test_the_owner_page_offers_the_units_and_only_the_participants_leadership_programmes(
        seeded_history, login_as):
    html = login_as("peserta01").get("/projects").get_data(as_text=True)
    assert "Daftarkan proyek" in html and "js/project-owner.js" in html
    assert PKA_PROGRAM_NAME in html and PROGRAM_NAME not in html  # a clinic, also enrolled
    assert "Kecamatan Sangir" in html


def test_the_page_carries_no_project_so_another_owners_plan_never_shows(seeded_history,
                                                                       login_as):
    html = login_as("peserta02").get("/projects").get_data(as_text=True)
    assert "KTP Keliling ke Nagari" not in html  # peserta01's
    assert "Layanan Surat Pindah Daring" not in html  # peserta02's own: rendered by the phone
    mine = login_as("peserta02").get("/api/v1/projects").get_json()["items"]
    assert [p["title"] for p in mine] == ["Layanan Surat Pindah Daring"]


def test_a_supervisor_or_reviewer_without_the_participant_role_is_refused(seeded_history,
                                                                          login_as):
    for username in ("atasan1", "bkpsdm"):
        assert login_as(username).get("/projects").status_code == 403


def test_only_a_participants_home_links_to_the_owner_page(seeded_history, login_as):
    assert 'href="/projects"' in login_as("peserta01").get("/").get_data(as_text=True)
    for username in ("atasan1", "bkpsdm", "admin"):
        assert 'href="/projects"' not in login_as(username).get("/").get_data(as_text=True)
