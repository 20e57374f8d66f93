"""The pages hand the scripts the vocabulary in its own order: Flask sorts JSON keys by default,
and the scripts list stages, statuses and states in key order."""

import html
import json
import re

import pytest

from webapp import vocabulary

# Run on SQLite only (tests/conftest.py): the vocabulary's order comes from code, not from a query.
pytestmark = pytest.mark.one_backend


def test_pages_hand_the_vocabulary_to_scripts_in_the_order_users_read_it(seeded, login_as):
    page = login_as("peserta01").get("/").get_data(as_text=True)
    words = json.loads(html.unescape(re.search(r"data-vocabulary='([^']*)'", page).group(1)))
    assert list(words["project_stages"]) == ["pendek", "menengah", "panjang"]
    assert list(words["attendance"]) == list(vocabulary.ATTENDANCE.labels)
    assert list(words["project_states"]) == list(vocabulary.LIFE_STATES.labels)
    assert list(words) == list(vocabulary.for_client())
