"""Scenarios from git: a revision's file as ``REV:PATH`` (``diff``), and the revisions
that changed a scenario (``history``). The only module that runs git.

git runs as a subprocess with a list of arguments, never through a shell; a revision
or a path is never read as an option (``--end-of-options``). A missing git, a folder
outside a repository, an unknown revision or a path not in the revision is an
:class:`~mss_runway.errors.InputError` or a problem of the file (exit 2).
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from .errors import InputError, Problem, ScenarioError
from .loader import MAX_FILE_BYTES, Loaded, decode, loaded_from_text

#: Separates the fields of one commit in ``git log``'s output (a unit separator).
_SEP: Final = "\x1f"


class GitError(InputError):
    """git is missing, or said no (its message is kept)."""


class GitMissing(GitError):
    """git is not installed (or not on PATH)."""


def git(args: Sequence[str], cwd: str | None = None) -> bytes:
    """Run ``git ARGS`` and return its standard output; a GitError with git's own message
    when it fails, or when git is not installed."""
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=False, timeout=120
        )
    except FileNotFoundError:
        raise GitMissing(
            "git: not found; reading a scenario from a git revision (REV:PATH) or its "
            "history needs git installed and on PATH"
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return done.stdout


def is_revision(spec: str) -> bool:
    """Whether a FILE argument is ``REV:PATH`` rather than a file: it names no file on
    disk and holds a colon after something."""
    rev, colon, path = spec.partition(":")
    return bool(colon and rev and path) and not os.path.exists(spec)


def _object(rev: str, path: str) -> str:
    """What git calls the file at ``path`` (from the top folder) in ``rev``."""
    return f"{rev}:{path}"


def file_name(rev: str, path: str) -> str:
    """What the loader calls it: ``REV:./PATH``, so that a relative ``extends`` joined
    to its folder stays inside the revision (``REV:x.yaml`` has no folder, and a ``/`` in
    REV would look like one)."""
    return f"{rev}:./{path}"


@dataclass(frozen=True)
class Revision:
    """The files of one git revision, named ``REV:./PATH`` with PATH from the
    repository's top folder (the :class:`~mss_runway.loader.Files` the loader reads
    through)."""

    rev: str

    def _path(self, file: str) -> str | None:
        prefix = self.rev + ":"
        if not file.startswith(prefix):
            return None  # a relative path that climbed out of the repository
        path = posixpath.normpath(file[len(prefix) :])
        return None if path.startswith("..") else path

    def read_bytes(self, file: str) -> bytes:
        path = self._path(file)
        if path is None or self.kind(file) != "file":
            raise ScenarioError([Problem(file, None, None, "", f"no such file in {self.rev}")])
        raw = git(["cat-file", "blob", _object(self.rev, path)])
        if len(raw) > MAX_FILE_BYTES:
            raise ScenarioError(
                [
                    Problem(
                        file,
                        None,
                        None,
                        "",
                        f"is larger than the limit of {MAX_FILE_BYTES:,} bytes",
                    )
                ]
            )
        return raw

    def kind(self, file: str) -> Literal["file", "dir"] | None:
        path = self._path(file)
        if path is None:
            return None
        try:
            kind = git(["cat-file", "-t", _object(self.rev, path)]).decode().strip()
        except GitMissing:
            raise
        except GitError:
            return None
        return "file" if kind == "blob" else "dir" if kind == "tree" else None

    def real(self, file: str) -> str:
        path = self._path(file)
        return file if path is None else file_name(self.rev, path)


def top_path(path: str) -> str:
    """A path as git names it in a revision: from the top folder of the repository. As
    in ``git show``, ``./x`` and ``../x`` start from the working directory, other paths
    from the top."""
    if not path.startswith(("./", "../")):
        return posixpath.normpath(path)
    try:
        prefix = git(["rev-parse", "--show-prefix"]).decode().strip()
    except GitMissing:
        raise
    except GitError as exc:
        if "not a git repository" in str(exc):
            raise GitError(f"{path}: not inside a git repository") from None
        raise
    return posixpath.normpath(posixpath.join(prefix, path))


def commit_of(rev: str) -> str:
    """The commit ``rev`` names, or a GitError that says so."""
    try:
        out = git(["rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"])
    except GitMissing:
        raise
    except GitError as exc:
        if "not a git repository" in str(exc):
            raise GitError(f"{rev}: not inside a git repository") from None
        raise GitError(f"{rev}: not a revision of this git repository") from None
    return out.decode().strip()


def load_revision(spec: str) -> Loaded:
    """The scenario at ``REV:PATH``, its ``extends`` and ``contributions_file`` read from
    the same revision."""
    rev, _, path = spec.partition(":")
    commit_of(rev)
    name = file_name(rev, top_path(path))
    files = Revision(rev)
    text = decode(files.read_bytes(name), name)
    return loaded_from_text(text, name, files)


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str
    subject: str
    parent: str | None = None
    """The first parent (None for a root commit): a merge is compared with it."""


def _log(paths: Sequence[str]) -> list[Commit]:
    form = _SEP.join(("%H", "%P", "%cs", "%s"))
    tops = [f":(top){path}" for path in paths]  # from the top, wherever git runs
    out = git(["log", f"--format={form}", "--", *tops]).decode("utf-8", "replace")
    commits = []
    for line in out.splitlines():
        sha, parents, date, subject = line.split(_SEP, 3)
        commits.append(Commit(sha, date, subject, parents.split()[0] if parents else None))
    return commits


def _changed(commit: Commit) -> set[str]:
    """The paths a commit changed (a merge: against its first parent, so that a change
    that reached the branch by the merge counts)."""
    if commit.parent is None:
        args = ["diff-tree", "--no-commit-id", "--name-only", "-r", "--root", commit.sha]
    else:
        args = ["diff-tree", "--no-commit-id", "--name-only", "-r", commit.parent, commit.sha]
    return set(git(args).decode("utf-8", "replace").splitlines())


def depends_on(loaded: Loaded, rev: str) -> set[str]:
    """The paths (from the top folder) a revision's scenario was read from."""
    names = set(loaded.sources.texts) | set(loaded.sources.tables)
    prefix = rev + ":"
    return {posixpath.normpath(n[len(prefix) :]) for n in names if n.startswith(prefix)}


@dataclass(frozen=True)
class Version:
    """One revision of a scenario: the commit, and the scenario or why it is invalid."""

    commit: Commit
    loaded: Loaded | None
    problem: str | None


def versions(path: str) -> list[Version]:
    """Every revision that changed the scenario at ``path`` (a file, from the working
    directory) or a file it extends or reads at that revision, newest first (git log's
    order)."""
    top = top_path("./" + os.path.relpath(path))  # a file argument: from here
    paths = {top}
    loaded: dict[str, Version] = {}
    while True:
        commits = _log(sorted(paths))
        for commit in commits:
            if commit.sha not in loaded:
                loaded[commit.sha] = _version(commit, top)
        found = set(paths)
        for version in loaded.values():
            if version.loaded is not None:
                found |= depends_on(version.loaded, version.commit.sha)
        if found == paths:
            break
        paths = found
    kept = []
    for commit in commits:
        version = loaded[commit.sha]
        # an invalid revision may have failed in any file it reads: all are looked at
        reads = depends_on(version.loaded, commit.sha) if version.loaded else paths
        if _changed(commit) & reads:
            kept.append(version)
    return kept


def _version(commit: Commit, path: str) -> Version:
    files = Revision(commit.sha)
    name = file_name(commit.sha, path)
    if files.kind(name) != "file":
        return Version(commit, None, "the file is not in this revision")
    try:
        text = decode(files.read_bytes(name), name)
        return Version(commit, loaded_from_text(text, name, files), None)
    except ScenarioError as exc:
        count = len(exc.problems)
        first = exc.problems[0]
        more = f" (and {count - 1} more)" if count > 1 else ""
        where = f"{first.path}: " if first.path else ""
        return Version(commit, None, f"invalid: {where}{first.message}{more}")
