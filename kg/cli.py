"""The ``kg`` command: each subcommand parses options, calls one library function, prints.

Exit codes (the same for every command):

====  ==========================================================================================
0     success
1     the data is not right: files rejected by ``build`` (or warned about under ``--strict``),
      a graph that does not conform in ``validate``
2     usage error: unknown option, missing argument
3     the operation could not run: no content folder, no graph, a query that does not parse
====  ==========================================================================================
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Callable, NoReturn

import click

from . import __version__
from .errors import KgError, Severity
from .export import FORMATS
from .query import RESULT_FORMATS

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_ERROR = 0, 1, 2, 3

_GRAPH = click.option(
    "--graph", "graph_path", default="build", show_default=True, type=click.Path(path_type=Path),
    help="A build folder (its graph.trig) or an RDF file.",
)


def _fail(err: KgError) -> NoReturn:
    click.echo(f"error: {err}", err=True)
    sys.exit(EXIT_ERROR)


def _load(path: Path):
    from .store import KnowledgeGraph

    try:
        return KnowledgeGraph.load(path)
    except KgError as err:
        _fail(err)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Turn Markdown summaries of space-biology publications into an RDF knowledge graph."""


@main.command()
@click.argument("content_dir", default="content", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", default="build", show_default=True,
              type=click.Path(path_type=Path), help="Folder to write the graph and report into.")
@click.option("--strict", is_flag=True, help="Treat warnings (repairs) as failures.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary.")
def build(content_dir: Path, out_dir: Path, strict: bool, quiet: bool) -> None:
    """Build the graph from CONTENT_DIR (default: content) and write it to OUT."""
    from .build import build as run_build
    from .build import discover

    try:
        total = len(discover(content_dir))
        with _progress(total, quiet) as tick:
            result = run_build(content_dir, out_dir, strict=strict, progress=tick)
    except KgError as err:
        _fail(err)
    for diagnostic in result.diagnostics:
        if diagnostic.severity is Severity.ERROR or (
            not quiet and diagnostic.severity is Severity.WARNING
        ):
            click.echo(str(diagnostic), err=True)
    counts = result.counts
    found = Counter(d.severity for d in result.diagnostics)
    click.echo(
        f"{len(result.outcomes)} files: {counts['built']} built, {counts['repaired']} built with "
        f"repairs, {counts['skipped']} skipped (no DOI), {counts['rejected']} rejected; "
        f"{found[Severity.WARNING]} warnings, {found[Severity.ERROR]} errors; "
        f"{result.publications} publications, {result.triples} triples"
    )
    for path in result.written:
        click.echo(f"wrote {path}")
    sys.exit(EXIT_DATA if result.failed else EXIT_OK)


class _progress:
    """A progress bar on stderr for builds of more than a few hundred files."""

    def __init__(self, total: int, quiet: bool) -> None:
        self.bar = None
        if total >= 200 and not quiet:
            self.bar = click.progressbar(length=total, label="building", file=sys.stderr)

    def __enter__(self) -> Callable[[int, int, str], None]:
        if self.bar is not None:
            self.bar.__enter__()
        return self.tick

    def tick(self, done: int, total: int, path: str) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


@main.command()
@_GRAPH
@click.option("-f", "--format", "fmt", required=True,
              type=click.Choice(list(FORMATS)),
              help="Output format.")
@click.option("-o", "--out", "out", type=click.Path(path_type=Path),
              help="File to write (default: standard output).")
def export(graph_path: Path, fmt: str, out: Path | None) -> None:
    """Export the graph in a standard RDF format."""
    from .export import export as write_file
    from .export import serialize

    graph = _load(graph_path)
    try:
        if out is None:
            sys.stdout.buffer.write(serialize(graph, fmt) or b"")
        else:
            click.echo(f"wrote {write_file(graph, fmt, out)}", err=True)
    except KgError as err:
        _fail(err)


@main.command()
@_GRAPH
def stats(graph_path: Path) -> None:
    """Count nodes per class and uses per vocabulary concept."""
    from .stats import format_stats
    from .stats import stats as count

    click.echo(format_stats(count(_load(graph_path))), nl=False)


@main.command()
@_GRAPH
@click.option("--shapes", type=click.Path(exists=True, path_type=Path),
              help="A SHACL shapes file (default: the shipped ontology/shapes.ttl).")
def validate(graph_path: Path, shapes: Path | None) -> None:
    """Check the graph against the SHACL shapes; exit 1 if it does not conform."""
    from .validate import format_report
    from .validate import validate as check

    report = check(_load(graph_path), shapes)
    click.echo(format_report(report), nl=False)
    sys.exit(EXIT_OK if report.conforms else EXIT_DATA)


@main.command()
@click.argument("name_or_file")
@_GRAPH
@click.option("-f", "--format", "fmt", default="table", show_default=True,
              type=click.Choice(RESULT_FORMATS))
def query(name_or_file: str, graph_path: Path, fmt: str) -> None:
    """Run a shipped query (by name, see `kg queries`) or a SPARQL file."""
    from .query import format_result, resolve_query, run_query

    try:
        _name, text = resolve_query(name_or_file)
        result = run_query(_load(graph_path), text)
        click.echo(format_result(result, fmt), nl=False)
    except KgError as err:
        _fail(err)


@main.command()
def queries() -> None:
    """List the shipped queries with their summaries."""
    from .query import list_queries

    for info in list_queries():
        click.echo(f"{info.name:<28} {info.summary}")


if __name__ == "__main__":  # pragma: no cover
    main()
