"""Ward Desk: outreach, support and loan-referral records for ward offices, and the WDR-1 return."""

__version__ = "0.1.0"


def _import_peewee_without_the_postgres_driver() -> None:
    """peewee imports the PostgreSQL driver (psycopg) when it is itself imported: 0.1-0.25 s, a third of a
    command's start-up, though only an office sharing a PostgreSQL database uses it. peewee is imported here
    with the driver hidden; ``ward_desk.db_server.attach_postgres_driver`` hands it over when a server database
    is opened (bench/README.md, start-up)."""
    import sys

    if "peewee" in sys.modules or "psycopg" in sys.modules:
        return
    sys.modules["psycopg"] = None  # `import psycopg` raises ImportError: peewee records "no driver"
    try:
        import peewee  # noqa: F401
    finally:
        del sys.modules["psycopg"]


_import_peewee_without_the_postgres_driver()
