"""The order in which a batch's kinds are stored names every kind there is."""

from webapp.services.sync import STORE_ORDER
from webapp.services.sync_kinds import HANDLERS


def test_every_kind_has_a_place_in_the_store_order_and_marks_precede_logs():
    assert sorted(STORE_ORDER) == sorted(HANDLERS)
    assert STORE_ORDER.index("mark") < STORE_ORDER.index("session_log")
