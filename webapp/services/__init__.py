"""Domain rules as plain functions, unit-tested without Flask.

Where commits happen: a service never commits. It adds and flushes (inside a savepoint where a
failed insert must not undo the rest, as for sync entries and photos), and the route that called
it commits once, when it has its answer; a `Refused` or any other error rolls the request back.
So a request is one transaction, and services compose inside one another.
"""
