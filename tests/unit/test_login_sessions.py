"""The pure parts of login sessions: the device's short name and when last-seen is written."""

from datetime import UTC, datetime, timedelta

import pytest

from webapp.services.login_sessions import LAST_SEEN_STEP, describe_user_agent, touch_due

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(("user_agent", "name"), [
    ("Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome di Android"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari di iOS"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge di Windows"),
    ("Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) "
     "SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36", "Samsung Internet di Android"),
    ("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox di Linux"),
    ("curl/8.5.0", "curl"),
    ("", "perangkat tak dikenal"),
])
def test_a_device_gets_a_short_readable_name(user_agent, name):
    assert describe_user_agent(user_agent) == name


def test_last_seen_is_due_only_after_a_full_step():
    assert not touch_due(NOW - LAST_SEEN_STEP + timedelta(seconds=1), NOW)
    assert touch_due(NOW - LAST_SEEN_STEP, NOW)
