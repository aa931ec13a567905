"""SQL table of funding programmes; one row per `ProgrammeRecord` (knowledge/programmes/records.py).

Lists and per-language texts are JSON columns: the catalogue is small (hundreds of rows), it is
read whole into memory for matching, and filters run there rather than in SQL.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.db import Base, utcnow


class Programme(Base):
    """A funding programme or call: who may apply, where, for what, how much, until when."""

    __tablename__ = "programmes"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    funder: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    purposes: Mapped[list] = mapped_column(JSON, default=list)
    size_classes: Mapped[list] = mapped_column(JSON, default=list)
    legal_forms: Mapped[list] = mapped_column(JSON, default=list)
    min_company_age_years: Mapped[float | None] = mapped_column(Float, nullable=True)
    countries: Mapped[list] = mapped_column(JSON, default=list)
    regions: Mapped[list] = mapped_column(JSON, default=list)
    sectors: Mapped[list] = mapped_column(JSON, default=list)
    amount_min: Mapped[float | None] = mapped_column(Float, nullable=True)
    amount_max: Mapped[float | None] = mapped_column(Float, nullable=True)
    currency: Mapped[str | None] = mapped_column(String(3), nullable=True)
    funding_rate_max: Mapped[float | None] = mapped_column(Float, nullable=True)
    funding_rate_note: Mapped[dict] = mapped_column(JSON, default=dict)
    de_minimis: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    opens_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    closes_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    rolling: Mapped[bool] = mapped_column(Boolean, default=False)
    how_to_apply: Mapped[dict] = mapped_column(JSON, default=dict)
    description: Mapped[dict] = mapped_column(JSON, default=dict)
    contact_org_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    source_url: Mapped[str] = mapped_column(Text)
    checked_on: Mapped[date] = mapped_column(Date)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # sha256 of the record's facts: signature() hashes these, so caches see any change
    # (including a deletion) with one small query instead of reading every column.
    content_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
