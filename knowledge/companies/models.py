"""SQL table of organisations; the columns follow the import contract (docs/USAGE.md
"Organisations", docs/ARCHITECTURE.md)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.db import Base, utcnow

KINDS = ("company", "institution", "research")
LIST_FIELDS = ("languages", "sectors", "certifications")


class Organisation(Base):
    """A company, support institution or research body and what it offers and seeks."""

    __tablename__ = "organisations"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), default="company", index=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    region: Mapped[str | None] = mapped_column(String(128), nullable=True)
    city: Mapped[str | None] = mapped_column(String(128), nullable=True)
    postcode: Mapped[str | None] = mapped_column(String(16), nullable=True)
    address: Mapped[str | None] = mapped_column(Text, nullable=True)
    website: Mapped[str | None] = mapped_column(Text, nullable=True)
    email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(64), nullable=True)
    contact_person: Mapped[str | None] = mapped_column(String(200), nullable=True)
    languages: Mapped[list] = mapped_column(JSON, default=list)
    sectors: Mapped[list] = mapped_column(JSON, default=list)
    offers: Mapped[str | None] = mapped_column(Text, nullable=True)
    seeks: Mapped[str | None] = mapped_column(Text, nullable=True)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    employees: Mapped[int | None] = mapped_column(Integer, nullable=True)
    founded: Mapped[int | None] = mapped_column(Integer, nullable=True)
    certifications: Mapped[list] = mapped_column(JSON, default=list)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # Lists folded to ";a;b;" so "speaks pl" or "sector IT" is a portable LIKE on SQLite and
    # PostgreSQL alike, without JSON operators that differ between the two.
    languages_key: Mapped[str] = mapped_column(Text, default="")
    sectors_key: Mapped[str] = mapped_column(Text, default="")
    certifications_key: Mapped[str] = mapped_column(Text, default="")
    region_key: Mapped[str] = mapped_column(String(128), default="", index=True)
    city_key: Mapped[str] = mapped_column(String(128), default="", index=True)
    # Hash of the texts that were embedded and of the embedder: re-imports embed only changes.
    embedded_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
