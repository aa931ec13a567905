"""`lotse programmes sme-check`: the EU SME class from the command line."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from knowledge.programmes.reasons import render, size_class_label
from knowledge.programmes.sme import Figures, Stake, check_sme

STAKE_HELP = ("SHARE:STAFF:TURNOVER:BALANCE_SHEET of the other enterprise (its own figures plus "
              "those of the enterprises linked to it), e.g. 40:100:30000000:20000000; repeat "
              "the option for several")


def _stakes(values: list[str], option: str, linked: bool) -> list[Stake]:
    stakes: list[Stake] = []
    for n, value in enumerate(values, 1):
        parts = value.split(":")
        try:
            share, staff, turnover, balance = (float(p) for p in parts)
        except ValueError:
            raise typer.BadParameter(f"{value!r}: expected SHARE:STAFF:TURNOVER:BALANCE_SHEET",
                                     param_hint=option) from None
        if not 0 <= share <= 100:
            raise typer.BadParameter(f"{value!r}: the share is a percentage (0-100)",
                                     param_hint=option)
        stakes.append(Stake(share, Figures(staff, turnover, balance), control=linked,
                            name=f"{option.lstrip('-')} {n}"))
    return stakes


def sme_check(
    staff: Annotated[float, typer.Option("--staff", min=0,
                                         help="Staff headcount in annual work units.")],
    turnover: Annotated[float, typer.Option("--turnover", min=0,
                                            help="Annual turnover in EUR.")],
    balance_sheet: Annotated[float, typer.Option("--balance-sheet", min=0,
                                                 help="Annual balance-sheet total in EUR.")],
    partner: Annotated[list[str] | None, typer.Option("--partner", help=STAKE_HELP)] = None,
    linked: Annotated[list[str] | None, typer.Option("--linked", help=STAKE_HELP)] = None,
    public_share: Annotated[float, typer.Option(
        "--public-share", min=0, max=100,
        help="Percent of capital or voting rights public bodies hold, together.")] = 0.0,
    lang: Annotated[str, typer.Option("--lang", help="Language of the reasons: de, en, pl, cs.")]
    = "en",
    as_json: Annotated[bool, typer.Option("--json", help="Print the decision as JSON.")] = False,
) -> None:
    """The EU SME class (Recommendation 2003/361/EC): micro, small, medium or large."""
    stakes = _stakes(partner or [], "--partner", linked=False)
    stakes += _stakes(linked or [], "--linked", linked=True)
    if public_share:
        stakes.append(Stake(public_share, public_body=True, name="public bodies"))
    decision = check_sme(Figures(staff, turnover, balance_sheet), stakes)
    reasons = [{"code": r.code, "text": render(r, lang)} for r in decision.reasons]
    if as_json:
        typer.echo(json.dumps({"class": decision.size_class, "reasons": reasons},
                              ensure_ascii=False))
        return
    typer.echo(size_class_label(decision.size_class, lang))
    for reason in reasons:
        typer.echo(f"- {reason['text']}")
