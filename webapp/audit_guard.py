"""The database itself refuses to change or delete an audit event, whoever is connected.

The ORM events in `webapp.models.audit` stop the app's own code; these triggers also stop raw
SQL, a psql session or a careless script. Both backends raise an integrity error. TRUNCATE is
not covered: only the table owner can run it, and the test fixtures empty tables with it.

The initial migration installs it; `install_audit_guard` (idempotent) serves schemas built
without migrations, as the tests' `create_all`.
"""

from sqlalchemy.engine import Engine

MESSAGE = "audit_event is append-only"

POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
        END $$""",
    """CREATE OR REPLACE TRIGGER audit_event_append_only
        BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()""",
]

SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS audit_event_no_{action.lower()}
        BEFORE {action} ON audit_event
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""
    for action in ("UPDATE", "DELETE")
]


def audit_guard_statements(dialect_name: str) -> list[str]:
    statements = {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(dialect_name)
    if statements is None:
        raise RuntimeError(f"no audit guard for {dialect_name}")
    return statements


def install_audit_guard(engine: Engine) -> None:
    with engine.begin() as connection:
        for statement in audit_guard_statements(engine.dialect.name):
            connection.exec_driver_sql(statement)
