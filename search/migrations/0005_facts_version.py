"""A version token that changes whenever a search document row changes (SQLite only).

The SQLite archive search keeps the facet facts of every indexed page in memory
(search/backends/facts.py) and reloads them when this token differs from the one it loaded;
triggers keep it current for every write path (ORM, bulk upserts, raw deletes, other processes).
The token is random rather than a counter so that a rolled-back transaction can never bring back
a value that was seen with different rows.
"""
from django.db import migrations

TABLE = "search_facts_version"
EVENTS = ("INSERT", "UPDATE", "DELETE")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    run = schema_editor.execute
    run(f"CREATE TABLE IF NOT EXISTS {TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1), token INTEGER NOT NULL)")
    run(f"INSERT OR IGNORE INTO {TABLE} (id, token) VALUES (1, random())")
    for event in EVENTS:
        run(f"CREATE TRIGGER IF NOT EXISTS search_facts_{event.lower()} AFTER {event} ON search_searchdocument "
            f"BEGIN UPDATE {TABLE} SET token = random() WHERE id = 1; END")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for event in EVENTS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS search_facts_{event.lower()}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_searchdocument_entry_id"),
    ]

    operations = [migrations.RunPython(create, drop)]
