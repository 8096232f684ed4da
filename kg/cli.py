"""The ``kg`` command: each subcommand parses options, calls one library function, prints.

Exit codes (the same for every command):

====  ==========================================================================================
0     success
1     the data is not right: files rejected by ``build`` (or warned about under ``--strict``),
      a graph that does not conform in ``validate``
2     usage error: unknown option, missing argument, ``--param`` without ``=``
3     the operation could not run: no content folder, no graph, a query that does not parse,
      an unknown parameter, a store that refuses or cannot be reached, a focus naming nothing
4     an internal error of kg (a bug): the message says where; please report it
====  ==========================================================================================
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from kg.errors import KgError, Severity
from kg.network.options import MAX_NODES, NETWORK_FORMATS, NODE_TYPES
from kg.version import __version__

if TYPE_CHECKING:
    from kg.rdf.store import KnowledgeGraph
    from kg.sparql.remote import Endpoint

_Command = TypeVar("_Command", bound=Callable[..., Any])

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3, 4

_GRAPH = click.option(
    "--graph", "graph_path", default="build", show_default=True, type=click.Path(path_type=Path),
    help="A build folder (its graph.nq) or an RDF file (.ttl, .nq, .trig, .nt, .jsonld, .rdf).",
)


class _LazyChoice(click.Choice[str]):
    """A choice whose values are read on first use (a command's parsing or help): they live in
    modules of one command (the RDF formats import rdflib), which ``kg build`` and ``kg --help``
    should not import."""

    def __init__(self, load: Callable[[], Iterable[str]]) -> None:
        super().__init__(())  # click sets ``choices``; reset, so that ``load`` runs when needed
        self._load = load
        self._values: tuple[str, ...] | None = None

    @property
    def choices(self) -> tuple[str, ...]:
        if self._values is None:
            self._values = tuple(self._load())
        return self._values

    @choices.setter
    def choices(self, values: Iterable[str]) -> None:
        self._values = tuple(values)


def _export_formats() -> list[str]:
    from kg.publish.export import FORMATS

    return [*FORMATS, *NETWORK_FORMATS, "kgx"]


def _result_formats() -> tuple[str, ...]:
    from kg.sparql.formats import RESULT_FORMATS

    return RESULT_FORMATS


def _auth_schemes() -> tuple[str, ...]:
    from kg.sparql.remote import AUTH_SCHEMES

    return AUTH_SCHEMES


def _fail(err: KgError) -> NoReturn:
    click.echo(f"error: {err}", err=True)
    sys.exit(EXIT_ERROR)


def _load(path: Path) -> KnowledgeGraph:
    from kg.rdf.store import KnowledgeGraph

    return KnowledgeGraph.load(path)


class _Commands(click.Group):
    """Every command's errors of our classes become exit code 3 here, in one place; anything
    else is a fault of kg, exit code 4, never mistaken for rejected data (1)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as err:
            _fail(err)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit,
                KeyboardInterrupt):
            raise
        except Exception as err:  # a bug: say where, exit 4
            import traceback

            frame = traceback.extract_tb(err.__traceback__)[-1]
            click.echo(f"internal error: {type(err).__name__}: {err} (at {frame.filename}:"
                       f"{frame.lineno}); this is a fault of kg, please report it", err=True)
            sys.exit(EXIT_INTERNAL)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Turn Markdown summaries of space-biology publications into an RDF knowledge graph."""


@main.command()
@click.argument("content_dir", default="content", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", default="build", show_default=True,
              type=click.Path(path_type=Path), help="Folder to write the graph and report into.")
@click.option("--strict", is_flag=True, help="Treat warnings (repairs) as failures.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes reading the files (0: one per core); the output is the "
                   "same for any number.")
@click.option("--no-cache", is_flag=True,
              help="Read every file again instead of reusing OUT/cache from the last build.")
def build(content_dir: Path, out_dir: Path, strict: bool, quiet: bool, jobs: int,
          no_cache: bool) -> None:
    """Build the graph from CONTENT_DIR (default: content) and write it to OUT."""
    from kg.pipeline.build import build as run_build
    from kg.pipeline.build import discover

    total = len(discover(content_dir))
    with _progress(total, quiet) as tick:
        result = run_build(content_dir, out_dir, strict=strict, progress=tick,
                           jobs=jobs or _cores(), cache=not no_cache)
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
    if result.reused and not quiet:
        click.echo(f"{result.reused} unchanged files reused from {out_dir / 'cache'}"
                   + ("; the previous outputs edited where they changed" if result.patched else ""))
    for path in result.written:
        click.echo(f"wrote {path}")
    sys.exit(EXIT_DATA if result.failed else EXIT_OK)


def _cores() -> int:
    """The cores this process may run on (fewer than the machine's in a container or cgroup)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


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

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


_TYPES = click.option(
    "--types", default=None, metavar="LIST",
    help="Node types of the study network: a list (publication,gene,organism), edits of the "
         "default (+tag,-gap) or 'all'. Types: " + ", ".join(NODE_TYPES) + ".")


@main.command()
@_GRAPH
@click.option("-f", "--format", "fmt", required=True,
              type=_LazyChoice(_export_formats),
              help="An RDF format, or the study network as graphml, gexf or csv (node and "
                   "edge files in the folder given by -o), or kgx (Biolink nodes.tsv and "
                   "edges.tsv in the folder given by -o).")
@click.option("-o", "--out", "out", type=click.Path(path_type=Path),
              help="File to write (default: standard output; a folder for csv).")
@_TYPES
def export(graph_path: Path, fmt: str, out: Path | None, types: str | None) -> None:
    """Export the graph in a standard RDF format, or its study network for Gephi/Cytoscape."""
    from kg.network.files import export_network
    from kg.network.options import NetworkOptions, parse_types
    from kg.publish.export import export as write_file
    from kg.publish.export import serialize

    graph = _load(graph_path)
    if fmt == "kgx":
        _export_kgx(graph, out)
    elif fmt in NETWORK_FORMATS:
        if out is None:
            raise click.UsageError(f"--format {fmt} needs -o (a {'folder' if fmt == 'csv' else 'file'})")
        for path in export_network(graph, fmt, out, NetworkOptions(parse_types(types))):
            click.echo(f"wrote {path}", err=True)
    elif out is None:
        sys.stdout.buffer.write(serialize(graph, fmt) or b"")
    else:
        click.echo(f"wrote {write_file(graph, fmt, out)}", err=True)


def _export_kgx(graph: KnowledgeGraph, out: Path | None) -> None:
    from kg.publish.kgx import write_kgx

    if out is None:
        raise click.UsageError("--format kgx needs -o (a folder for nodes.tsv and edges.tsv)")
    paths, report = write_kgx(graph, out)
    for path in paths:
        click.echo(f"wrote {path}", err=True)
    dropped = sum(report.dropped.values())
    click.echo(f"{report.nodes} nodes, {report.edges} edges; {dropped} statements of "
               f"{len(report.dropped)} properties without a Biolink counterpart left out", err=True)


@main.command()
@_GRAPH
@click.option("-o", "--out", "out", default="build/network.html", show_default=True,
              type=click.Path(path_type=Path), help="The page to write.")
@click.option("--focus", "focus_on", metavar="NAME",
              help="Show the neighbourhood of this node: a gene symbol, DOI, organism, title.")
@click.option("--depth", default=2, show_default=True, type=click.IntRange(0, 10),
              help="Steps from the focus node.")
@_TYPES
@click.option("--max-nodes", default=MAX_NODES, show_default=True, type=click.IntRange(0),
              help="Show at most this many nodes, leaving out those linked to fewest studies "
                   "(0: no limit).")
@click.option("--min-gap-studies", default=2, show_default=True, type=click.IntRange(1),
              help="Show a research theme of knowledge gaps when this many publications share it.")
def viz(graph_path: Path, out: Path, focus_on: str | None, depth: int, types: str | None,
        max_nodes: int, min_gap_studies: int) -> None:
    """Write the study network as one interactive HTML page that works offline."""
    from kg.network.options import NetworkOptions, parse_types
    from kg.network.page import make_page

    options = NetworkOptions(parse_types(types), min_gap_studies)
    report = make_page(_load(graph_path), out, network_options=options, focus_on=focus_on,
                       depth=depth, max_nodes=max_nodes)
    click.echo(f"wrote {report.path}: {report.nodes} nodes, {report.edges} edges")
    if report.omitted:
        click.echo(f"{report.omitted.describe()} (of {report.omitted.total_nodes} nodes); "
                   "--max-nodes, --focus or --types show more", err=True)


@main.command()
@_GRAPH
def stats(graph_path: Path) -> None:
    """Count nodes per class and uses per vocabulary concept."""
    from kg.sparql.stats import format_stats
    from kg.sparql.stats import stats as count

    click.echo(format_stats(count(_load(graph_path))), nl=False)


@main.command()
@_GRAPH
def themes(graph_path: Path) -> None:
    """List the research themes of the knowledge gaps, with their studies and gaps."""
    from kg.sparql.stats import format_themes
    from kg.sparql.stats import themes as count

    click.echo(format_themes(count(_load(graph_path))), nl=False)


@main.command()
@_GRAPH
@click.option("--shapes", type=click.Path(exists=True, path_type=Path),
              help="A SHACL shapes file (default: the shipped ontology/shapes.ttl).")
def validate(graph_path: Path, shapes: Path | None) -> None:
    """Check the graph against the SHACL shapes; exit 1 if it does not conform."""
    from kg.checks.shacl import format_report
    from kg.checks.shacl import validate as check

    report = check(_load(graph_path), shapes)
    click.echo(format_report(report), nl=False)
    sys.exit(EXIT_OK if report.conforms else EXIT_DATA)


def _params(values: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        params[name.strip()] = value
    return params


def _endpoint(url: str, user: str | None, password: str | None, auth: str | None) -> Endpoint:
    """An endpoint with credentials: options win over ``KG_ENDPOINT_USER``,
    ``KG_ENDPOINT_PASSWORD`` and ``KG_ENDPOINT_AUTH`` (the library never reads them)."""
    import os

    from kg.sparql.remote import Endpoint

    return Endpoint(url, user or os.environ.get("KG_ENDPOINT_USER") or None,
                    password or os.environ.get("KG_ENDPOINT_PASSWORD") or None,
                    (auth or os.environ.get("KG_ENDPOINT_AUTH") or "basic").lower())


def _auth_options(function: _Command) -> _Command:
    """--user, --password and --auth, also read from KG_ENDPOINT_USER/PASSWORD/AUTH."""
    function = click.option("--auth", type=_LazyChoice(_auth_schemes), default=None,
                            help="HTTP authentication (default basic; env KG_ENDPOINT_AUTH).")(function)
    function = click.option("--password", default=None, metavar="SECRET",
                            help="Password (better: env KG_ENDPOINT_PASSWORD).")(function)
    return click.option("--user", default=None, help="User (env KG_ENDPOINT_USER).")(function)


@main.command()
@click.argument("name_or_file")
@_GRAPH
@click.option("--endpoint", metavar="URL", help="Run at this SPARQL endpoint instead.")
@click.option("-p", "--param", "param", multiple=True, metavar="NAME=VALUE",
              help="Bind a parameter of the query (repeatable).")
@click.option("-f", "--format", "fmt", default="table", show_default=True,
              type=_LazyChoice(_result_formats))
@_auth_options
def query(name_or_file: str, graph_path: Path, endpoint: str | None, param: tuple[str, ...],
          fmt: str, user: str | None, password: str | None, auth: str | None) -> None:
    """Run a shipped query (by name, see `kg queries`) or a SPARQL file."""
    from kg.sparql.engine import SparqlEngine, run_named
    from kg.sparql.formats import format_result
    from kg.sparql.local import LocalEngine
    from kg.sparql.remote import RemoteEngine

    params = _params(param)
    engine: SparqlEngine
    if endpoint:
        engine = RemoteEngine(_endpoint(endpoint, user, password, auth))
    else:
        engine = LocalEngine(_load(graph_path), str(graph_path))
    result = run_named(engine, name_or_file, params)
    click.echo(format_result(result, fmt), nl=False)
    if result.boolean is None and result.triples is None and not result.rows:
        from kg.sparql.library import resolve_query
        from kg.sparql.lookup import explain_empty

        for message in explain_empty(engine, resolve_query(name_or_file), params):
            click.echo(f"note: {message}", err=True)


@main.command()
@click.option("--endpoint", metavar="URL", help="The endpoint the examples run at (schema:target).")
@click.option("-o", "--out", "out", type=click.Path(path_type=Path),
              help="Turtle file to write (default: standard output).")
def examples(endpoint: str | None, out: Path | None) -> None:
    """Write the query library as SPARQL examples (SIB convention, SHACL executables)."""
    from kg.sparql.examples import examples_turtle, write_examples

    if out is None:
        click.echo(examples_turtle(endpoint), nl=False)
    else:
        click.echo(f"wrote {write_examples(out, endpoint)}", err=True)


@main.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--version", "version", required=True, metavar="V",
              help="The release's version: the folder OUT/V.")
@click.option("--graph", "graph_path", default="build", show_default=True,
              type=click.Path(path_type=Path), help="The build folder to release.")
@click.option("--previous", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The release to compare counts with (default: the highest lower version in OUT).")
@click.option("--endpoint", metavar="URL", help="The SPARQL endpoint the examples name.")
def release(out: Path, version: str, graph_path: Path, previous: Path | None,
            endpoint: str | None) -> None:
    """Write a versioned release bundle: dumps, KGX, VoID, examples, SHA256SUMS, CHANGES."""
    from kg.publish.release import release as write_release

    folder = write_release(graph_path, out, version, previous, endpoint=endpoint)
    click.echo(f"wrote {folder}", err=True)
    click.echo((folder / "CHANGES.md").read_text(encoding="utf-8"), nl=False)


@main.command()
def queries() -> None:
    """List the shipped queries with their summaries and parameters."""
    from kg.sparql.library import list_queries

    for q in list_queries():
        click.echo(f"{q.name:<30} {q.summary}")
        for p in q.params:
            click.echo(f"{'':<32}--param {p.name}={p.shown}  {p.description}")


@main.command()
@_GRAPH
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's Graph Store Protocol endpoint (Virtuoso: /sparql-graph-crud-auth).")
@click.option("--sparql", "sparql_url", metavar="URL",
              help="A query endpoint of the same store: send only changed graphs, allow --prune.")
@click.option("--prune", is_flag=True, help="Delete the store's article graphs the build lacks.")
@click.option("--graph-param", default="graph", show_default=True,
              help="The request parameter naming the graph (Virtuoso also reads graph-uri).")
@click.option("-v", "--verbose", is_flag=True, help="Name every graph sent or deleted.")
@_auth_options
def push(graph_path: Path, endpoint: str, sparql_url: str | None, prune: bool, graph_param: str,
         verbose: bool, user: str | None, password: str | None, auth: str | None) -> None:
    """Load the built graph into a remote store, one named graph per article."""
    from kg.publish.push import push as send
    from kg.sparql.remote import RemoteEngine

    graph = _load(graph_path)
    store = _endpoint(endpoint, user, password, auth)
    sparql = RemoteEngine(_endpoint(sparql_url, user, password, auth)) if sparql_url else None
    if prune and sparql is None:
        raise click.UsageError("--prune needs --sparql to see what the store holds")
    with _progress(len(graph.named_graphs()), False) as tick:
        report = send(graph, store, sparql=sparql, prune=prune, graph_param=graph_param,
                      progress=tick)
    if verbose:
        for name in report.sent:
            click.echo(f"sent {name}")
        for name in report.deleted:
            click.echo(f"deleted {name}")
    click.echo(f"sent {_plural(len(report.sent), 'graph')} ({_plural(report.triples, 'triple')}), "
               f"{len(report.unchanged)} unchanged, {len(report.deleted)} deleted, to {endpoint}")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@main.command()
@_GRAPH
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 exposes the graph to the network).")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--max-seconds", default=10.0, show_default=True, help="Time limit of a query.")
@click.option("--max-rows", default=10_000, show_default=True, help="Result-size limit.")
@click.option("--max-memory-mb", default=1_024, show_default=True,
              help="Memory a worker may take beyond the server's (times --max-workers: the budget).")
@click.option("--max-workers", default=2, show_default=True,
              help="Queries and updates run at once; more wait.")
@click.option("--max-waiting", default=16, show_default=True,
              help="Requests that may wait for a worker; more are told 503.")
@click.option("--allow-service", "allowed_services", multiple=True, metavar="URL",
              help="An endpoint SERVICE (or LOAD) may call; repeat it. None by default.")
@click.option("--timeout", default=30.0, show_default=True,
              help="Seconds a connection may stay silent before it is dropped.")
@click.option("--max-body-bytes", default=1_048_576, show_default=True,
              help="Largest request body (413 beyond).")
@click.option("--update-key-env", default="KG_UPDATE_KEY", show_default=True, metavar="VAR",
              help="Environment variable holding the key that allows updates (unset: read-only).")
def serve(graph_path: Path, host: str, port: int, max_seconds: float, max_rows: int,
          max_memory_mb: int, max_workers: int, max_waiting: int,
          allowed_services: tuple[str, ...], timeout: float, max_body_bytes: int,
          update_key_env: str) -> None:
    """Serve the graph over the SPARQL 1.1 Protocol, with a query page at /."""
    import os

    from kg.serve.http import ServeOptions, make_server
    from kg.sparql.guarded import GuardedEngine
    from kg.sparql.local import LocalEngine

    options = ServeOptions(host, port, max_seconds, max_rows, max_memory_mb,
                           update_key=os.environ.get(update_key_env) or None,
                           max_workers=max_workers, max_waiting=max_waiting,
                           allowed_services=allowed_services, timeout=timeout,
                           max_body_bytes=max_body_bytes)
    engine = GuardedEngine(LocalEngine(_load(graph_path), str(graph_path)), options.limits)
    server = make_server(engine, options)
    mode = "read-write (update key set)" if options.update_key else "read-only"
    click.echo(f"serving {graph_path} at http://{host}:{server.server_address[1]}/ ({mode}); "
               "Ctrl+C stops", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":  # pragma: no cover
    main()
