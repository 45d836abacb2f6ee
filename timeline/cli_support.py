"""What every CLI command shares: bad input becomes one line on stderr and a non-zero exit, and who the
local operator is (the author the CLI's writes record)."""

from __future__ import annotations

import functools
import getpass
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any, TypeVar

import typer
from sqlalchemy.exc import OperationalError

from timeline.domain.access import Author
from timeline.store.base import ConcurrencyError, DuplicateEventError

F = TypeVar("F", bound=Callable[..., Any])

# Errors that mean "the input or the environment is wrong", not "the program is wrong".
USER_ERRORS: tuple[type[BaseException], ...] = (
    ValueError,  # InvalidReport, ReportInputError, bad dates, bad corrections, bad database URLs
    LookupError,  # unknown report, event or projection
    ConcurrencyError,
    DuplicateEventError,
    OSError,
    OperationalError,  # database unreachable or locked
)


def message(exc: BaseException) -> str:
    if isinstance(exc, KeyError) and exc.args:
        return str(exc.args[0])
    if isinstance(exc, OperationalError):
        return f"database error: {str(exc.orig or exc).strip().splitlines()[0]}"
    text = " ".join(str(exc).split())
    return text or exc.__class__.__name__


def fail(text: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {text}", err=True)
    return typer.Exit(code)


def one_line_errors(command: F) -> F:
    """Run a command; a user error prints `error: <message>` on stderr and exits with status 1."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except USER_ERRORS as exc:
            raise fail(message(exc)) from None

    return run  # type: ignore[return-value]


def operator() -> Author:
    """The CLI writes straight to the store as the local operator: `cli:<login name>`."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment nor the password database
        user = "unknown"
    return Author.operator(user)


def choices(name: str, values: Iterable[str]) -> type[Enum]:
    """A str Enum of `values` for a choice option: Typer lists them in --help and refuses anything else
    with a usage error. Built from the list that decides the choice (export formats, date precisions), so
    a new value needs no edit here."""
    return Enum(name, {value: value for value in values}, type=str)  # type: ignore[return-value]
