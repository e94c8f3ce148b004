"""How the command line describes itself and its misuse, in the project's words.

* ``--help`` says what to type, never a Python type: an argument is ``FILE`` or
  ``FILE...``, an option shows its metavar (``STATUS=MONTHS``, ``FACTOR``, ``N``) or its
  choices (``[table|json]``); typer's ``<list[Path]>``, ``<int range>``, ``{FILE}`` and
  ``[x>=0]`` never appear (an option states its range in its own help text).
* A usage error is one line, ``error: WHERE: WHAT`` (WHERE is the option, the argument or
  the command), then one hint line (:func:`help_hint`); exit 2. typer's "Value error,
  ..." and click's "Usage: ..." block are not shown. A value the core refuses for an
  option (an :class:`~mss_runway.errors.OptionError`) gets the same hint from
  ``app.handle_errors``.

``App`` is the typer app class to use for every command group: its commands get
:class:`Command`, and its group :class:`Group`.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, MutableMapping, Sequence
from enum import Enum
from typing import Any, NoReturn

import typer
from typer import _click
from typer._click import exceptions
from typer._click.formatting import join_options
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandFunctionType

EXIT_USAGE = 2

# typer's number ranges in the help's [...] part: "x>=0", "1<=x<=100000", "x<=9".
_RANGE = re.compile(r"(?:-?[0-9.]+<=)?x(?:[<>]=-?[0-9.]+)?(?=[;\]])")


class Command(TyperCommand):
    """A command whose help names what to type."""

    def collect_usage_pieces(self, ctx: _click.Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        args, opts = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            help_text = _without_range(record[1])
            if param.param_type_name == "argument":
                args.append((argument_name(param), help_text))
            else:
                opts.append((option_name(param), help_text))
        for title, rows in (("Arguments", args), ("Options", opts)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


class Group(TyperGroup):
    """The command group: usage errors as one ``error:`` line, exit 2; shell completion
    loaded only when the shell asks for it (``_MSS_RUNWAY_COMPLETE`` set), so that it
    costs the other runs nothing."""

    def _main_shell_completion(
        self, ctx_args: MutableMapping[str, Any], prog_name: str, complete_var: str | None = None
    ) -> None:
        name = complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()
        if os.environ.get(name):
            from typer._completion_classes import completion_init

            completion_init()  # registers typer's bash, zsh, fish and PowerShell scripts
        super()._main_shell_completion(ctx_args, prog_name, complete_var)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except exceptions.NoArgsIsHelpError as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except exceptions.UsageError as exc:
            # click's parser raises some errors without a context: name the command given
            words = sys.argv[1:] if args is None else list(args)
            given = next((word for word in words if word in self.commands), None)
            usage_failed(exc, f"mss-runway {given}" if given else "mss-runway")
        except typer.Abort:
            typer.echo("error: aborted", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


class App(typer.Typer):
    """A typer app whose commands are :class:`Command`s (pass ``cls=`` to override)."""

    def command(
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any
    ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        return super().command(name, cls=cls or Command, **kwargs)


def argument_name(param: _click.Parameter) -> str:
    name = param.metavar or (param.name or "").upper()
    return f"{name}..." if param.nargs != 1 else name


def option_name(param: _click.Parameter) -> str:
    names = join_options(param.opts)[0]
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return names
    return f"{names} {metavar(param)}"


def metavar(param: _click.Parameter) -> str:
    """What to type after an option: its metavar, else its choices, else its name."""
    if param.metavar:
        return param.metavar
    choices = getattr(getattr(param, "type_descriptor", None), "choices", None)
    if choices:
        return "[" + "|".join(str(c.value if isinstance(c, Enum) else c) for c in choices) + "]"
    return (param.name or "value").upper()


def _without_range(text: str) -> str:
    text = _RANGE.sub("", text)
    text = re.sub(r"\[(?:; )+", "[", text)
    text = re.sub(r"(?:; )+\]", "]", text)
    text = text.replace("; ; ", "; ")
    return re.sub(r"\s*\[\]", "", text).rstrip()


def usage_failed(exc: exceptions.UsageError, fallback: str = "mss-runway") -> NoReturn:
    """Print a usage error as ``error: WHERE: WHAT`` and a hint; exit 2. ``fallback`` is
    the command path when the error has no context."""
    command = exc.ctx.command_path if exc.ctx is not None else fallback
    where, what = describe(exc, command)
    if where == command.rsplit(" ", 1)[-1] and exc.ctx is not None and exc.ctx.parent is None:
        where = "mss-runway"  # the program, however it was started (python -m mss_runway)
    typer.echo(f"error: {where}: {what}", err=True)
    typer.echo(help_hint(command), err=True)
    sys.exit(EXIT_USAGE)


def help_hint(command: str | None = None) -> str:
    """The hint line under a usage error: ``  (see: mss-runway forecast --help)``; without
    ``command``, the command running now."""
    if command is None:
        from typer._click.globals import get_current_context

        context = get_current_context(silent=True)
        command = context.command_path if context is not None else "mss-runway"
    return f"  (see: {command} --help)"


def describe(exc: exceptions.UsageError, command: str) -> tuple[str, str]:
    """WHERE and WHAT of a usage error."""
    param = getattr(exc, "param", None)
    if isinstance(exc, exceptions.MissingParameter) and param is not None:
        if param.param_type_name == "argument":
            return command.rsplit(" ", 1)[-1], f"missing argument {argument_name(param)}"
        return _param_where(param), f"required: {_param_where(param)} {metavar(param)}"
    if isinstance(exc, exceptions.BadParameter):
        if exc.param_hint is not None:
            hint = exc.param_hint
            where = hint if isinstance(hint, str) else " / ".join(hint)
        elif param is not None:
            where = _param_where(param)
        else:
            where = command
        return where, _bad_value(exc, param)
    if isinstance(exc, exceptions.NoSuchOption):
        what = f"no such option {exc.option_name}"
        if exc.possibilities:
            what += f" (did you mean {' or '.join(sorted(exc.possibilities))}?)"
        return command.rsplit(" ", 1)[-1], what
    if isinstance(exc, exceptions.BadOptionUsage):
        if exc.message.endswith("requires an argument."):
            return exc.option_name, "expected a value after it"
        if exc.message.endswith("does not take a value."):
            return exc.option_name, "takes no value"
        return exc.option_name, _sentence(exc.message)
    return command.rsplit(" ", 1)[-1], _sentence(exc.message)


def _param_where(param: _click.Parameter) -> str:
    if param.param_type_name == "argument":
        return argument_name(param)
    return max(param.opts, key=len)


def _bad_value(exc: exceptions.BadParameter, param: _click.Parameter | None) -> str:
    """The message of a bad value: what was expected and the value given, quoted."""
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if param is not None and callable(errors):
        error = errors()[0]
        given = error.get("input")
        given = given if isinstance(given, str) else str(given)
        choices = getattr(getattr(param, "type_descriptor", None), "choices", None)
        if choices:
            words = ", ".join(str(c.value if isinstance(c, Enum) else c) for c in choices)
            return f"expected one of {words}, got {given!r}"
        if str(error.get("type", "")).startswith(("int_", "greater_than", "less_than")):
            low, high = getattr(param, "min", None), getattr(param, "max", None)
            span = (
                f" from {low} to {high}"
                if low is not None and high is not None
                else f" of at least {low}"
                if low is not None
                else f" of at most {high}"
                if high is not None
                else ""
            )
            return f"expected a whole number{span}, got {given!r}"
    return _sentence(exc.message.removeprefix("Value error, "))


def _sentence(text: str) -> str:
    """click's "No such command 'x'." as "no such command 'x'"."""
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) < 2 else text
