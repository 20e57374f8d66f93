"""Whole-database backup as JSON Lines, and its restore into an empty database.

The dump is one JSON object per line: first a header `{"hadir_backup": 1, "schema": rev}`,
then `{"table": name, "row": {column: value}}` for every row of every table, tables in foreign-key
order and rows in primary-key order, so two dumps of the same data are identical line for line.
Dates and times are ISO 8601 (UTC for timestamps), binary columns (photos) base64.

The export reads everything in one transaction (REPEATABLE READ on PostgreSQL, one deferred
transaction on SQLite), so a sync arriving meanwhile is either wholly in the dump or not at all.
The import refuses a database that holds any row, inserts in one transaction (all or nothing)
and then moves PostgreSQL's id sequences past the restored ids. A foreign key that points back
at its own table or into a cycle (a user's supervisor, a unit's head) cannot be satisfied row by
row, so such columns are inserted empty and filled in once every row is in.
"""

import base64
import json
import os
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import IO

import click
from flask import Flask
from sqlalchemy import (
    Date,
    DateTime,
    Integer,
    LargeBinary,
    Table,
    Time,
    bindparam,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection, Engine

from webapp.extensions import db

FORMAT_VERSION = 1
BATCH = 500


class BackupRefused(Exception):
    pass


def _tables() -> list[Table]:
    return list(db.metadata.sorted_tables)


def _schema_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.scalar(text("SELECT version_num FROM alembic_version"))


def _encode(value):
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def _line(obj: dict) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


def _read_snapshot(engine: Engine) -> Connection:
    """A connection inside one read-only transaction that sees a single moment of the data."""
    if engine.dialect.name == "postgresql":
        connection = engine.connect().execution_options(isolation_level="REPEATABLE READ")
        connection.begin()
        connection.exec_driver_sql("SET TRANSACTION READ ONLY")
        return connection
    # pysqlite opens no transaction for SELECTs; an explicit one pins the WAL snapshot.
    connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    connection.exec_driver_sql("BEGIN")
    return connection


def dump_lines(engine: Engine, counts: dict[str, int] | None = None) -> Iterator[str]:
    counts = {} if counts is None else counts
    connection = _read_snapshot(engine)
    try:
        yield _line({"hadir_backup": FORMAT_VERSION, "schema": _schema_revision(connection)})
        for table in _tables():
            counts[table.name] = 0
            statement = select(table).order_by(*table.primary_key.columns)
            result = connection.execution_options(yield_per=BATCH).execute(statement)
            for row in result.mappings():
                counts[table.name] += 1
                yield _line({"table": table.name,
                             "row": {key: _encode(value) for key, value in row.items()}})
    finally:
        connection.rollback()
        connection.close()


def export_all(engine: Engine, path: Path) -> dict[str, int]:
    """Write the dump to `path` (via a temporary file, so a failed export leaves no half file)."""
    counts: dict[str, int] = {}
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8") as out:
        out.writelines(dump_lines(engine, counts))
    os.replace(partial, path)
    return counts


def _decoder(column):
    if isinstance(column.type, LargeBinary):
        return lambda v: base64.b64decode(v)
    python_type = {DateTime: datetime, Date: date, Time: time}
    for sql_type, parse in python_type.items():
        impl = getattr(column.type, "impl", column.type)
        if isinstance(column.type, sql_type) or isinstance(impl, sql_type):
            return parse.fromisoformat
    return None


def _decoders(table: Table) -> dict:
    return {c.name: d for c in table.columns if (d := _decoder(c)) is not None}


def _decoded(row: dict, decoders: dict) -> dict:
    return {k: (decoders[k](v) if v is not None and k in decoders else v) for k, v in row.items()}


def _late_columns(table: Table, order: dict[str, int]) -> list[str]:
    """Foreign-key columns naming this table or one restored after it."""
    return [fk.parent.name for fk in table.foreign_keys
            if order.get(fk.column.table.name, -1) >= order[table.name]]


def _fill_late_columns(connection: Connection, tables: dict[str, Table],
                       late: dict[tuple[str, str], list[dict]]) -> None:
    for (name, column), rows in late.items():
        table = tables[name]
        match = [key == bindparam(f"_key_{key.name}") for key in table.primary_key.columns]
        connection.execute(table.update().where(*match).values({column: bindparam("_value")}),
                           rows)


def _check_empty_schema(connection: Connection) -> None:
    missing = [t.name for t in _tables() if not inspect(connection).has_table(t.name)]
    if missing:
        raise BackupRefused(f"tables missing ({', '.join(missing)}); run `flask init-db` first")
    filled = [t.name for t in _tables()
              if connection.execute(select(1).select_from(t).limit(1)).first() is not None]
    if filled:
        raise BackupRefused(f"the database is not empty (rows in {', '.join(filled)}); "
                            "restore only into a new, empty database")


def _parse(lines: Iterable[str]) -> Iterator[tuple[int, dict]]:
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as error:
                raise BackupRefused(f"line {number} is not JSON: {error.msg}") from error


def _reset_sequences(connection: Connection) -> None:
    """Restored rows carry their ids; PostgreSQL's sequences must continue after them."""
    quote = connection.dialect.identifier_preparer.quote
    for table in _tables():
        [*key] = table.primary_key.columns
        if len(key) != 1 or not isinstance(key[0].type, Integer):
            continue
        column = quote(key[0].name)
        connection.execute(text(
            f"SELECT setval(pg_get_serial_sequence(:table, :column), COALESCE(MAX({column}), 1), "
            f"MAX({column}) IS NOT NULL) FROM {quote(table.name)}"),
            {"table": quote(table.name), "column": key[0].name})


def import_all(engine: Engine, lines: Iterable[str]) -> dict[str, int]:
    tables = {t.name: t for t in _tables()}
    order = {name: i for i, name in enumerate(tables)}
    counts: dict[str, int] = {}
    with engine.begin() as connection:
        _check_empty_schema(connection)
        parsed = _parse(lines)
        first = next(parsed, (0, {}))[1]
        if first.get("hadir_backup") != FORMAT_VERSION:
            raise BackupRefused("not a Hadir backup (first line is not its header)")
        revision = _schema_revision(connection)
        if first.get("schema") and revision and first["schema"] != revision:
            raise BackupRefused(f"backup is of schema {first['schema']}, database is {revision}; "
                                "restore with the matching release")
        batch: list[dict] = []
        current: str | None = None
        late: dict[tuple[str, str], list[dict]] = {}

        def flush():
            if batch:
                connection.execute(tables[current].insert(), batch)
                batch.clear()

        for number, record in parsed:
            name = record.get("table")
            if name not in tables or not isinstance(record.get("row"), dict):
                raise BackupRefused(f"line {number}: unknown table or malformed row")
            if name != current:
                flush()
                if current is not None and order[name] < order[current]:
                    raise BackupRefused(f"line {number}: {name} rows after {current} rows; "
                                        "tables must come in foreign-key order")
                current, decoders = name, _decoders(tables[name])
                late_columns = _late_columns(tables[name], order)
                keys = [key.name for key in tables[name].primary_key.columns]
            row = _decoded(record["row"], decoders)
            for column in late_columns:
                if row.get(column) is not None:
                    late.setdefault((name, column), []).append(
                        {"_value": row[column], **{f"_key_{k}": row[k] for k in keys}})
                    row[column] = None
            batch.append(row)
            counts[name] = counts.get(name, 0) + 1
            if len(batch) >= BATCH:
                flush()
        flush()
        _fill_late_columns(connection, tables, late)
        if connection.dialect.name == "postgresql":
            _reset_sequences(connection)
    return counts


def _report(counts: dict[str, int], verb: str) -> None:
    total = sum(counts.values())
    detail = ", ".join(f"{name} {n}" for name, n in counts.items() if n)
    click.echo(f"{verb} {total} rows ({detail or 'none'}).", err=True)


def register_backup_cli(app: Flask) -> None:
    @app.cli.command("export-all")
    @click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
    def export_all_command(file: Path):
        """Write every table to FILE as JSON Lines, from one consistent snapshot."""
        _report(export_all(db.engine, file), f"Exported to {file}:")

    @app.cli.command("import-all")
    @click.argument("file", type=click.File("r", encoding="utf-8"))
    def import_all_command(file: IO[str]):
        """Restore a dump made by export-all into an EMPTY database (after init-db)."""
        try:
            counts = import_all(db.engine, file)
        except BackupRefused as refused:
            raise click.ClickException(str(refused)) from refused
        _report(counts, "Imported")
