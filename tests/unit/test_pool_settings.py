"""PostgreSQL connection pool settings come from the environment; SQLite gets none, only its
busy timeout."""

from webapp.config import load_settings


def test_postgresql_pool_is_sized_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_POOL_SIZE", "8")
    monkeypatch.setenv("DATABASE_MAX_OVERFLOW", "2")
    monkeypatch.setenv("DATABASE_POOL_RECYCLE", "600")
    settings = load_settings(tmp_path, {"SECRET_KEY": "k",
                                        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://db/x"})
    options = settings["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["pool_size"] == 8 and options["max_overflow"] == 2
    assert options["pool_recycle"] == 600 and options["pool_pre_ping"] is True


def test_sqlite_gets_no_pool_sizing(tmp_path):
    settings = load_settings(tmp_path, {"SECRET_KEY": "k",
                                        "SQLALCHEMY_DATABASE_URI": "sqlite:///x.sqlite3"})
    assert "pool_size" not in settings["SQLALCHEMY_ENGINE_OPTIONS"]


def test_sqlite_waits_five_seconds_for_a_locked_database_unless_configured(tmp_path,
                                                                          monkeypatch):
    sqlite = {"SECRET_KEY": "k", "SQLALCHEMY_DATABASE_URI": "sqlite:///x.sqlite3"}
    options = load_settings(tmp_path, sqlite)["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["connect_args"] == {"timeout": 5.0}
    monkeypatch.setenv("SQLITE_BUSY_TIMEOUT_SECONDS", "2.5")
    options = load_settings(tmp_path, sqlite)["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["connect_args"] == {"timeout": 2.5}


def test_explicit_engine_options_are_kept_as_given(tmp_path):
    settings = load_settings(tmp_path, {"SECRET_KEY": "k",
                                        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://db/x",
                                        "SQLALCHEMY_ENGINE_OPTIONS": {"echo": True}})
    assert settings["SQLALCHEMY_ENGINE_OPTIONS"] == {"echo": True}
