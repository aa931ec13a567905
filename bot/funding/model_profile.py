"""With a model configured, the model reads a free-text description of a company and project
into the funding profile through one tool call, validated here; anything invalid is dropped
(the rules in the guide read the text instead), so a model cannot put a fact in the profile
that the catalogue's codes do not know."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from knowledge.codes import country_codes
from knowledge.programmes.profile import FundingProfile
from knowledge.programmes.records import PURPOSES
from knowledge.settings import Settings

log = logging.getLogger("lotse.funding")

PROFILE_TOOL = "fill_funding_profile"
_NUTS = re.compile(r"^[A-Z]{2}[0-9A-Z]{0,3}$")

Purpose = Literal["innovation_rd", "cross_border_cooperation", "export_trade_fairs",
                  "investment", "digitalisation", "energy", "consulting", "hiring_training",
                  "founding"]
assert set(Purpose.__args__) == set(PURPOSES)  # type: ignore[attr-defined]


class FillFundingProfile(BaseModel):
    """Record what the user's message says about their company and project, for finding
    funding programmes. Leave out whatever the message does not say; never guess."""

    model_config = ConfigDict(title=PROFILE_TOOL, extra="forbid")

    country: str | None = Field(None, description="ISO 3166-1 alpha-2 code of the company's "
                                                  "country, e.g. DE, PL, CZ")
    region: str | None = Field(None, description="NUTS code of the company's region, as fine "
                                                 "as known, e.g. DED2 (Dresden), PL51 "
                                                 "(Dolnośląskie), CZ051 (Liberecký kraj)")
    size_class: Literal["micro", "small", "medium", "large"] | None = Field(
        None, description="EU SME class: micro (<10 staff), small (<50), medium (<250), large")
    purposes: list[Purpose] = Field(default_factory=list,
                                    description="what the project is for")
    project_text: str = Field("", max_length=1000,
                              description="the project in the user's words, one sentence")
    start_date: date | None = Field(None, description="when the project starts, YYYY-MM-DD")
    company_age_years: float | None = Field(None, ge=0, le=500)
    sector: str | None = Field(None, description="NACE section letter A to U")

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.strip().upper()
        if code not in country_codes():
            raise ValueError(f"not an ISO 3166-1 alpha-2 code: {value}")
        return code

    @field_validator("region")
    @classmethod
    def _region(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.strip().upper()
        if not _NUTS.match(code):
            raise ValueError(f"not a NUTS code: {value}")
        return code

    @field_validator("sector")
    @classmethod
    def _sector(cls, value: str | None) -> str | None:
        if value is None:
            return None
        letter = value.strip().upper()
        if len(letter) != 1 or not "A" <= letter <= "U":
            raise ValueError(f"not a NACE section: {value}")
        return letter

    def profile(self) -> FundingProfile:
        country = self.country or (self.region[:2] if self.region else None)
        region = self.region if self.region and self.region.startswith(country or "") else None
        return FundingProfile(country=country, region=region, size_class=self.size_class,
                              purposes=tuple(dict.fromkeys(self.purposes)),
                              project_text=self.project_text.strip(),
                              start_date=self.start_date,
                              company_age_years=self.company_age_years, sector=self.sector)


class ModelProfileReader:
    """Callable (text, language) -> FundingProfile | None, for `FundingGuide`.

    `chat_model` builds the client from the settings (bot.core.model.chat_model); it is handed
    in because the core builds the funding finder, so the finder must not import the core."""

    def __init__(self, settings: Settings, chat_model: Callable[[Settings], Any]) -> None:
        self.settings = settings
        self.chat_model = chat_model
        self._model: Any = None

    def _bound(self) -> Any:
        if self._model is None:
            self._model = self.chat_model(self.settings).bind_tools(
                [FillFundingProfile], tool_choice=PROFILE_TOOL)
        return self._model

    def __call__(self, text: str, language: str) -> FundingProfile | None:
        from langchain_core.messages import HumanMessage, SystemMessage

        messages = [
            SystemMessage(f"Today is {date.today().isoformat()}. Call {PROFILE_TOOL} with the "
                          "facts the user's message states about their company and project. "
                          "Leave out anything it does not state."),
            HumanMessage(text)]
        reply = self._bound().invoke(messages, timeout=self.settings.llm_timeout)
        calls = [c for c in getattr(reply, "tool_calls", []) or [] if c["name"] == PROFILE_TOOL]
        if not calls:
            log.warning("the model did not fill the funding profile")
            return None
        try:
            return FillFundingProfile.model_validate(calls[0]["args"]).profile()
        except ValidationError as exc:
            log.warning("the model's funding profile was invalid: %s",
                        "; ".join(e["msg"] for e in exc.errors()))
            return None
