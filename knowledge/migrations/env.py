"""Alembic environment: runs on the connection `Database.migrate` hands over."""

from alembic import context
from sqlalchemy import create_engine

# Importing the organisation and programme models registers their tables on Base.metadata too.
import knowledge.companies.models  # noqa: F401
import knowledge.programmes.models  # noqa: F401
from knowledge.db import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run()
