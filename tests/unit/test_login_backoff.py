"""The login back-off policy: free failures, then waits that double up to the cap."""

from webapp.services.login_backoff import wait_after, wait_message


def test_the_first_failures_cost_nothing():
    assert [wait_after(n, free=5, first_seconds=60, max_seconds=3600) for n in range(5)] == [0] * 5


def test_each_further_failure_doubles_the_wait_up_to_the_cap():
    waits = [wait_after(n, free=5, first_seconds=60, max_seconds=3600) for n in range(5, 13)]
    assert waits == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_a_very_long_run_of_failures_stays_at_the_cap():
    assert wait_after(10_000, free=5, first_seconds=60, max_seconds=3600) == 3600


def test_the_message_says_how_many_minutes_rounded_up():
    assert wait_message(1) == "Terlalu banyak percobaan. Coba lagi dalam 1 menit."
    assert wait_message(60) == "Terlalu banyak percobaan. Coba lagi dalam 1 menit."
    assert wait_message(61) == "Terlalu banyak percobaan. Coba lagi dalam 2 menit."
    assert wait_message(3600) == "Terlalu banyak percobaan. Coba lagi dalam 60 menit."
