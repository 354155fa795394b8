"""The ``realpolitik`` command line: validate a dataset, print ties, metrics, balance and
diffs at a date, and serve the explorer.

Every failure is a one-line message on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["main"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A message for the person at the terminal."""


def _date(text: str) -> dt.date:
    """A date or the first day of a partial date (``--date``, ``--from``)."""
    from graph.dates import DateParseError, parse_day

    try:
        return parse_day(text)
    except DateParseError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _last_date(text: str) -> dt.date:
    """The last day of a partial date, as the dataset reads an end (``--to 2024`` is
    2024-12-31)."""
    from graph.dates import DateParseError, parse_partial_date

    try:
        return parse_partial_date(text).latest()
    except DateParseError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _load(folder: str | None) -> Any:
    from graph.dataset import BUNDLED_DATA
    from graph.validate import DatasetError, load_dataset

    try:
        return load_dataset(Path(folder) if folder else BUNDLED_DATA)
    except DatasetError as error:
        raise CommandError(str(error)) from None


def _window(args: argparse.Namespace) -> Any:
    from graph.temporal import Window

    if getattr(args, "window_from", None) or getattr(args, "window_to", None):
        if not (args.window_from and args.window_to):
            raise CommandError("--from and --to go together")
        if args.window_to < args.window_from:
            raise CommandError("--to is before --from")
        return Window(args.window_from, args.window_to)
    return Window.on(getattr(args, "date", None) or dt.date.today())


VIEW_OPTIONS = ("types", "sign", "min_weight", "confidence", "region", "bloc", "focus", "hops",
                "focus_mode", "isolates")


def _view_params(args: argparse.Namespace) -> dict[str, str]:
    """The view options given, as the page's URL parameters."""
    params: dict[str, str] = {}
    for name in VIEW_OPTIONS:
        value = getattr(args, name, None)
        if value is not None:
            params[name] = f"{value:g}" if isinstance(value, float) else str(value)
    if getattr(args, "only_tied", False):
        params["isolates"] = "hide"
    return params


def _selection(args: argparse.Namespace) -> tuple[Any, Any]:
    """The dataset and what the view of the options selects (``graph.view.select``, the call
    the page and the exports make), the options read by the page's own validator."""
    from graph.view import View, select
    from graph.view_state import Vocabulary, state_from_params
    from ui.model import view_filter

    dataset = _load(args.data)
    state = state_from_params(_view_params(args), Vocabulary.of(dataset))
    for notice in state.notices:
        if getattr(args, "strict", False):
            raise CommandError(notice)
        print(f"realpolitik: warning: {notice}", file=sys.stderr)
    view = View(_window(args), view_filter(state), focus=state.focus or None, hops=state.hops,
                focus_mode=state.focus_mode, hide_isolates=state.hide_isolates)  # type: ignore[arg-type]
    return dataset, select(dataset, view)


def _print_table(frame: pd.DataFrame, fmt: str) -> None:
    if fmt == "json":
        records = json.loads(frame.to_json(orient="records", double_precision=6))
        json.dump(records, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        frame.to_csv(sys.stdout, index=False, float_format="%.6g", lineterminator="\n")


def cmd_validate(args: argparse.Namespace) -> int:
    from graph.dataset import BUNDLED_DATA
    from graph.validate import validate_folder

    folder = Path(args.folder or args.data or BUNDLED_DATA)
    report = validate_folder(folder)
    if report.ok and (folder / "stories").is_dir():
        # Stories cite ties and sources and hold page links: checked against the loaded data.
        from graph.stories import validate_stories
        from graph.validate import load_dataset

        report.problems.extend(validate_stories(folder / "stories", load_dataset(folder)))
    shown = report.problems if args.warnings else report.errors
    for problem in shown:
        print(problem)
    hidden = len(report.warnings) if not args.warnings else 0
    note = f" (use --warnings to list {hidden} warning(s))" if hidden else ""
    status = "valid" if report.ok else "NOT valid"
    print(f"{folder}: {status}: {report.summary()}{note}", file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_INVALID


def cmd_ties(args: argparse.Namespace) -> int:
    _, chosen = _selection(args)
    dyads = chosen.dyads.drop(columns=["weight"])
    if chosen.focus_set:
        dyads = dyads.rename(columns={"dim": "outside_focus"})
    else:
        dyads = dyads.drop(columns=["dim"])
    _print_table(dyads, args.format)
    return EXIT_OK


def cmd_metrics(args: argparse.Namespace) -> int:
    from graph.metrics import METRIC_COLUMNS

    _, chosen = _selection(args)
    table = chosen.countries.reset_index()[["id", "name", *METRIC_COLUMNS]]
    table = table.sort_values(args.sort, ascending=False, kind="stable")
    _print_table(table, args.format)
    return EXIT_OK


def _signed_snapshot(args: argparse.Namespace) -> tuple[Any, pd.DataFrame, pd.DataFrame,
                                                         dict[str, float]]:
    """Dataset, dyads, metrics and graph metrics (with polarisation) of the view."""
    dataset, chosen = _selection(args)
    return dataset, chosen.dyads, chosen.countries, dict(chosen.graph)


def _polarisation_line(graph_metrics: dict[str, float]) -> str:
    return (f"blocs={int(graph_metrics['blocs'])} blocs_80={int(graph_metrics['blocs_80'])} "
            f"frustration={graph_metrics['frustration']:.3f} "
            f"two_camp_frustration={graph_metrics['two_camp_frustration']:.3f} "
            f"signed_modularity={graph_metrics['modularity']:.3f}")


def cmd_balance(args: argparse.Namespace) -> int:
    from graph.balance import structural_balance

    _, dyads, _, graph_metrics = _signed_snapshot(args)
    summary = structural_balance(dyads)
    rows = pd.DataFrame(
        [
            {
                "a": triad["countries"][0], "b": triad["countries"][1],
                "c": triad["countries"][2],
                "sign_ab": triad["signs"][0], "sign_ac": triad["signs"][1],
                "sign_bc": triad["signs"][2],
                "balanced": triad["balanced"], "kind": triad["kind"],
            }
            for triad in summary["triads"]
        ],
        columns=["a", "b", "c", "sign_ab", "sign_ac", "sign_bc", "balanced", "kind"],
    )
    ratio = summary["ratio"]
    print(
        f"triangles={summary['triangles']} balanced={summary['balanced']} "
        f"unbalanced={summary['unbalanced']} ratio={'n/a' if ratio is None else f'{ratio:.3f}'} "
        + _polarisation_line(graph_metrics),
        file=sys.stderr,
    )
    if args.format == "json":
        document = {
            "window": _window(args).label,
            "triangles": summary["triangles"],
            "balanced": summary["balanced"],
            "unbalanced": summary["unbalanced"],
            "ratio": ratio,
            "polarisation": {
                "frustration": graph_metrics["frustration"],
                "blocs": int(graph_metrics["blocs"]),
                "blocs_80": int(graph_metrics["blocs_80"]),
                "two_camp_frustration": graph_metrics["two_camp_frustration"],
                "signed_modularity": graph_metrics["modularity"],
            },
            "triads": rows.to_dict("records"),
        }
        print(json.dumps(document, ensure_ascii=False, indent=1))
        return EXIT_OK
    _print_table(rows, args.format)
    return EXIT_OK


def cmd_blocs(args: argparse.Namespace) -> int:
    from graph.blocs import bloc_summaries

    dataset, dyads, metrics, graph_metrics = _signed_snapshot(args)
    names = dict(zip(dataset.countries["id"], dataset.countries["name"], strict=True))
    summaries = bloc_summaries(
        dict(zip(metrics.index, metrics["bloc"].astype(int), strict=True)),
        dict(zip(metrics.index, metrics["cooperation_strength"], strict=True)),
        list(zip(dyads["source"], dyads["target"], dyads["cooperation"].astype(float),
                 dyads["hostility"].astype(float), strict=True)),
    )
    table = pd.DataFrame(
        [
            {
                "bloc": summary.bloc + 1,
                "size": len(summary.members),
                "name": summary.name,
                "members": ";".join(summary.members),
                "member_names": ";".join(names.get(m, m) for m in summary.members),
                "cooperation_inside": summary.cooperation_inside,
                "hostility_inside": summary.hostility_inside,
            }
            for summary in summaries
        ],
        columns=["bloc", "size", "name", "members", "member_names", "cooperation_inside",
                 "hostility_inside"],
    )
    print(_polarisation_line(graph_metrics), file=sys.stderr)
    _print_table(table, args.format)
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from graph.diff import diff_snapshots
    from graph.temporal import Window

    dataset, chosen = _selection(args)
    result = diff_snapshots(dataset, Window.on(args.diff_from), Window.on(args.diff_to),
                            chosen.view.filters)
    rows: list[dict[str, Any]] = []
    for change in ("formed", "ended"):
        for tie in result[change].to_dict("records"):
            after = "" if change == "ended" else (
                "active" if tie.get("active_after") else "over")
            rows.append({"change": change, "source": tie["source"], "target": tie["target"],
                         "type": tie["type"], "tie": tie["id"], "before": "", "after": after})
    for change in ("sign_changed", "weight_changed"):
        for dyad in result[change].to_dict("records"):
            rows.append({"change": change, "source": dyad["source"], "target": dyad["target"],
                         "type": dyad.get("types_after") or dyad.get("types_before") or "",
                         "tie": "", "before": round(dyad["net_before"], 6),
                         "after": round(dyad["net_after"], 6)})
    _print_table(pd.DataFrame(rows, columns=["change", "source", "target", "type", "tie",
                                             "before", "after"]), args.format)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    import pandas as pd

    from graph.importers import (
        ImportRefused,
        MissingDependency,
        import_file,
        import_gdelt,
        write_dataset,
    )

    kind = None if args.kind == "auto" else args.kind
    options: dict[str, Any] = {}
    columns = {name: getattr(args, f"column_{name}") for name in
               ("source", "target", "start", "end", "weight", "type", "sign")
               if getattr(args, f"column_{name}")}
    if columns:
        if kind not in (None, "csv"):
            raise CommandError("--source/--target/... name the columns of a csv edge list")
        kind = "csv"
        options["columns"] = columns
    if args.min_tiv is not None:
        if kind not in (None, "sipri") or columns:
            raise CommandError("--min-tiv is a threshold of SIPRI imports (import sipri ...)")
        if not args.min_tiv >= 0 or args.min_tiv == float("inf"):
            raise CommandError(f"--min-tiv must be 0 or more, not {args.min_tiv:g}")
        kind = "sipri"
        options["min_tiv"] = args.min_tiv
    if args.allow_unmatched:
        options["allow_partial_match"] = True
    missing = [path for path in args.files if not Path(path).exists()]
    if missing:
        raise CommandError(f"no file or folder at {', '.join(missing)}")
    results = []
    try:
        if kind == "gdelt":
            results.append(import_gdelt(list(args.files)))
        else:
            for path in args.files:
                results.append(import_file(path, kind, **options))
    except ImportRefused as refused:
        print(refused.report.to_text(), file=sys.stderr)
        raise CommandError(f"import refused: {refused}") from None
    except MissingDependency as missing:  # says which extra to install
        raise CommandError(str(missing)) from None
    result = results[0]
    if len(results) > 1:
        # Several files of one kind become one dataset; each file's report is printed.
        for name in result.tables:
            frames = [item.tables[name] for item in results if name in item.tables]
            key = "id" if "id" in frames[0].columns else None
            merged = pd.concat(frames, ignore_index=True)
            result.tables[name] = merged.drop_duplicates(key) if key else merged
    for item in results:
        print(item.report.to_text(), file=sys.stderr)
    try:
        folder = write_dataset(result, args.out, overwrite=args.overwrite)
    except (FileExistsError, OSError, ValueError) as error:
        raise CommandError(f"cannot write {args.out}: {error}") from None
    if args.report:
        Path(args.report).write_text(
            json.dumps([item.report.to_dict() for item in results], indent=1), encoding="utf-8"
        )
    print(f"wrote {folder} ({len(result.ties)} ties); check it with: realpolitik validate "
          f"{folder}", file=sys.stderr)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from app import create_app

    folder = Path(args.data) if args.data else None
    if args.workers is None:  # the Dash development server, one process
        app = create_app(folder)
        app.run(host=args.host, port=args.port, debug=args.debug)
        return EXIT_OK
    if args.workers < 1:
        raise CommandError("--workers must be at least 1")
    if args.debug:
        raise CommandError("--debug is for the development server: leave out --workers")
    try:
        from ui.serving import gunicorn_options, run_gunicorn

        options = gunicorn_options(args.host, args.port, args.workers,
                                   {"timeout": args.timeout})
        run_gunicorn(lambda: create_app(folder), options)
    except ImportError as error:
        raise CommandError(f"--workers needs gunicorn ({error}): "
                           "pip install 'realpolitik[serve]'") from None
    return EXIT_OK


PERMALINK_BASE = "http://127.0.0.1:8050/"


def _bounded(kind: type, low: float, high: float, *, open_low: bool = False) -> Any:
    """An argparse type: a number of ``kind`` from ``low`` (excluded with ``open_low``) to
    ``high``."""
    import math

    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not (math.isfinite(value) and (value > low if open_low else value >= low)
                and value <= high):
            side = "above" if open_low else "at least"
            raise argparse.ArgumentTypeError(f"{text!r} is not {side} {low:g} and at most "
                                             f"{high:g}")
        return value

    return parse


def _export_query(args: argparse.Namespace) -> str:
    """The view as a page query string: ``--query`` first, the options given override it."""
    from urllib.parse import parse_qsl, urlencode

    text = (args.query or "").split("#", 1)[0]
    text = text.split("?", 1)[1] if "?" in text else text
    params = dict(parse_qsl(text, keep_blank_values=True))
    given = {
        "date": args.date.isoformat() if args.date else None,
        "from": args.window_from.isoformat() if args.window_from else None,
        "to": args.window_to.isoformat() if args.window_to else None,
        "layout": args.layout, "types": args.types, "sign": args.sign,
        "min_weight": None if args.min_weight is None else f"{args.min_weight:g}",
        "confidence": args.confidence, "region": args.region, "bloc": args.bloc,
        "size": args.size, "color": args.color, "focus": args.focus,
        "hops": None if args.hops is None else str(args.hops),
        "focus_mode": args.focus_mode, "isolates": args.isolates,
    }
    if args.date and not (args.window_from or args.window_to):
        params.pop("from", None)  # an explicit date replaces the link's window
        params.pop("to", None)
    params.update({key: value for key, value in given.items() if value is not None})
    return urlencode(params, safe=",")


def _export_target(out: str | None, name: str) -> Path | None:
    """Where to write: ``--out`` as a file, into ``--out`` when it is a folder (or ends with
    a slash), the current folder by default; None for ``-`` (standard output)."""
    import os

    if out == "-":
        return None
    if out is None:
        return Path(name)
    path = Path(out)
    return path / name if path.is_dir() or out.endswith(("/", os.sep)) else path


def _write_export(target: Path | None, payload: bytes) -> None:
    """Write ``payload`` atomically to ``target`` (standard output when None)."""

    if target is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return
    from graph.files import write_atomically

    try:
        write_atomically(target, payload)
    except OSError as error:
        raise CommandError(f"cannot write {target}: {error.strerror or error}") from None
    print(f"realpolitik: wrote {target} ({len(payload):,} bytes)", file=sys.stderr)


#: The export options that choose a view: a story's steps choose their own.
_VIEW_DESTS = ("query", "date", "window_from", "window_to", "layout", "types", "sign",
               "min_weight", "confidence", "region", "bloc", "size", "color", "focus", "hops",
               "focus_mode", "isolates")


def _export_story(args: argparse.Namespace) -> int:
    """``export --story ID --format html``: the story as one self-contained page."""
    from graph.validate import DatasetError
    from ui.export_media import story_basename, story_html
    from ui.model import load_explorer_data

    if args.format != "html":
        args.export_parser.error("--story is exported as one page: use --format html")
    given = [dest for dest in _VIEW_DESTS if getattr(args, dest, None) is not None]
    if given:
        flags = ", ".join("--" + dest.replace("window_", "").replace("_", "-") for dest in given)
        args.export_parser.error(f"--story: each step sets its own view; drop {flags}")
    try:
        data = load_explorer_data(Path(args.data) if args.data else None)
    except DatasetError as error:
        raise CommandError(str(error)) from None
    story = next((story for story in data.stories if story.id == args.story), None)
    if story is None:
        known = ", ".join(story.id for story in data.stories) or "none"
        raise CommandError(f"no story {args.story!r} in this dataset (stories: {known})")
    _write_export(_export_target(args.out, story_basename(story)),
                  story_html(data, story).encode("utf-8"))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from contextlib import ExitStack
    from urllib.parse import parse_qs

    from graph.validate import DatasetError
    from graph.view_state import parse_query, to_query
    from ui.export_media import ExportError, RenderSession, export_file
    from ui.model import load_explorer_data

    if args.story is not None:
        return _export_story(args)
    if args.start and args.end and args.end < args.start:
        args.export_parser.error("--end is before --start")
    query = _export_query(args)
    with ExitStack() as stack:
        session = None
        if args.format in ("png", "svg", "gif", "bundle"):
            # Chromium starts in the background while the data loads.
            layout = (parse_qs(query).get("layout") or [""])[-1]
            session = stack.enter_context(
                RenderSession(geo=layout == "map", tabs=2 if args.format == "gif" else 1))
        try:
            data = load_explorer_data(Path(args.data) if args.data else None)
        except DatasetError as error:
            raise CommandError(str(error)) from None
        state = parse_query(query, data.vocabulary)
        for notice in state.notices:
            print(f"realpolitik: warning: {notice}", file=sys.stderr)
        if args.strict and state.notices:
            args.export_parser.error("the view has notices (see the warnings) and --strict "
                                     "is set")
        try:
            result = export_file(
                data, state, args.format,
                permalink=args.base_url.rstrip("/") + "/" + to_query(state, data.vocabulary),
                scale=args.scale, start=args.start, end=args.end, fps=args.fps,
                every=args.every, session=session, render=session is not None,
            )
        except (ExportError, ValueError) as error:
            raise CommandError(str(error)) from None
    for warning in result.warnings:
        print(f"realpolitik: warning: {warning}", file=sys.stderr)
    _write_export(_export_target(args.out, result.name), result.payload)
    return EXIT_OK


def view_arguments(sub: argparse.ArgumentParser) -> None:
    """The options of a view, named as the page's URL parameters and read by its validator."""
    from graph.view import FOCUS_MODES

    group = sub.add_argument_group("view (as the page's filters and focus)")
    group.add_argument("--types", metavar="T1,T2", help="tie types shown (comma-separated)")
    group.add_argument("--sign", choices=["1", "-1", "all", "cooperation", "hostility"])
    group.add_argument("--min-weight", type=_bounded(float, 0, 1), metavar="W")
    group.add_argument("--confidence", metavar="C1,C2", help="high, medium, low")
    group.add_argument("--region", metavar="R1,R2")
    group.add_argument("--bloc", metavar="ID", help="keep the ties between the bloc's members")
    group.add_argument("--focus", metavar="ISO3", help="a country and its ego network")
    group.add_argument("--hops", type=int, choices=[1, 2], help="the ego network's reach")
    group.add_argument("--focus-mode", choices=FOCUS_MODES,
                       help="dim (the default, as the page): keep everyone, mark who is "
                            "outside the ego network; cut: keep the ego network only")
    group.add_argument("--isolates", choices=["hide", "show"],
                       help="countries without a tie in the view: hide (the default, as the "
                            "page) or show")


def build_parser() -> argparse.ArgumentParser:
    from graph.metrics import METRIC_COLUMNS

    parser = argparse.ArgumentParser(
        prog="realpolitik",
        description="Explore signed, weighted, dated alliance networks between countries.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str, *, table: bool = True, at_date: bool = True,
                view: bool = True) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--data", metavar="DIR", help="dataset folder (default: bundled data/)")
        if table:
            sub.add_argument("--format", choices=["csv", "json"], default="csv",
                             help="output format (default: csv)")
        if at_date:
            sub.add_argument("--date", type=_date, metavar="D",
                             help="YYYY, YYYY-MM or YYYY-MM-DD (default: today)")
            sub.add_argument("--from", dest="window_from", type=_date, metavar="D",
                             help="window start: ties active at any time from D to --to count")
            sub.add_argument("--to", dest="window_to", type=_last_date, metavar="D",
                             help="window end (a partial date means its last day: 2024 is "
                                  "2024-12-31)")
        if view:
            view_arguments(sub)
        return sub

    validate = command("validate", "check a dataset and list every problem", table=False,
                       at_date=False, view=False)
    validate.add_argument("folder", nargs="?", metavar="DIR",
                          help="dataset folder (default: --data or bundled data/)")
    validate.add_argument("--warnings", action="store_true", help="list warnings too")
    validate.set_defaults(handler=cmd_validate)

    command("ties", "aggregated dyads active at a date").set_defaults(handler=cmd_ties)

    metrics = command("metrics", "per-country network metrics at a date")
    metrics.add_argument("--sort", default="strength",
                         choices=[column for column in METRIC_COLUMNS if column != "bloc"],
                         help="sort column (descending)")
    metrics.add_argument("--only-tied", action="store_true",
                         help="the same as --isolates hide (the default since 2026.12)")
    metrics.set_defaults(handler=cmd_metrics)

    command("balance", "structural balance and polarisation: triads at a date "
            "(--format json: the counts, the polarisation and the triads)").set_defaults(
        handler=cmd_balance)

    command("blocs", "signed blocs at a date: members (most central first), cooperation and "
            "hostility inside").set_defaults(handler=cmd_blocs)

    diff = command("diff", "ties formed, ended and changed between two dates", at_date=False)
    diff.add_argument("--from", dest="diff_from", type=_date, required=True, metavar="D1")
    diff.add_argument("--to", dest="diff_to", type=_last_date, required=True, metavar="D2",
                      help="a partial date means its last day")
    diff.set_defaults(handler=cmd_diff)

    importer = command("import", "import SIPRI, GDELT, ATOP, an edge list, GEXF or GraphML "
                       "as a dataset folder", table=False, at_date=False, view=False)
    importer.add_argument("kind", choices=["auto", "sipri", "gdelt", "atop", "csv", "gexf",
                                           "graphml", "dataset"],
                          help="what the files are (auto: detect)")
    importer.add_argument("files", nargs="+", metavar="FILE", help="input file(s)")
    importer.add_argument("--out", required=True, metavar="DIR",
                          help="the dataset folder to write (must be new, or --overwrite)")
    importer.add_argument("--overwrite", action="store_true",
                          help="replace the dataset files in an existing --out folder")
    importer.add_argument("--report", metavar="PATH", help="also write the report as JSON")
    importer.add_argument("--min-tiv", type=float, metavar="N",
                          help="sipri: keep only the supplier-recipient-year ties that "
                               "delivered at least N million TIV (default: keep every tie)")
    importer.add_argument("--allow-unmatched", action="store_true",
                          help="csv, gexf, graphml: import even when most nodes are not "
                               "countries the crosswalk knows (refused by default)")
    for name in ("source", "target", "start", "end", "weight", "type", "sign"):
        importer.add_argument(f"--{name}", dest=f"column_{name}", metavar="COLUMN",
                              help=f"csv: the column holding the tie's {name}")
    importer.set_defaults(handler=cmd_import)

    serve = command("serve", "start the web explorer", table=False, at_date=False, view=False)
    serve.add_argument("--host", default="127.0.0.1",
                       help="interface to bind (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8050)
    serve.add_argument("--debug", action="store_true",
                       help="Dash debug mode (never on a shared server)")
    serve.add_argument("--workers", type=int, metavar="N",
                       help="serve with gunicorn and N worker processes (app built once, "
                            "before they fork); without it: the Dash development server")
    serve.add_argument("--timeout", type=int, default=60, metavar="S",
                       help="with --workers: restart a worker silent for S seconds (default 60)")
    serve.set_defaults(handler=cmd_serve)

    from graph.export import format_names
    from graph.view_state import COLOR_CHOICES, LAYOUTS, SIZE_METRICS
    from ui.export_media import FILE_FORMATS

    export = command("export", "write a view as an image, page, animation or data file",
                     table=False, view=False)
    export.add_argument("--format", required=True, choices=format_names(FILE_FORMATS),
                        help="csv is the ties shown (as ties-csv); gexf-dynamic the whole "
                             "timeline for Gephi; bundle a zip of every data file, the images "
                             "and a README")
    export.add_argument("--out", metavar="PATH",
                        help="file to write, or a folder to write the default name into, or - "
                             "for standard output (default: the default name, here)")
    export.add_argument("--query", metavar="URL",
                        help="a view straight from a page URL or its query string "
                             "('?date=2023-06&layout=map'); the options override it")
    export.add_argument("--story", metavar="ID",
                        help="with --format html: the story ID of data/stories as one page, "
                             "each step's graph, text and sources (e.g. russia-iran)")
    export.add_argument("--layout", choices=LAYOUTS)
    view_arguments(export)
    export.add_argument("--size", choices=SIZE_METRICS, help="node size metric")
    export.add_argument("--color", choices=COLOR_CHOICES, help="node colour")
    export.add_argument("--scale", type=_bounded(float, 0, 10, open_low=True), default=1.0,
                        help="png: pixel scale of the 1600x1000 figure (default 1)")
    export.add_argument("--start", type=_date, metavar="D", help="gif: first month "
                        "(default: 59 months before --end)")
    export.add_argument("--end", type=_date, metavar="D",
                        help="gif: last month (default: the view's month)")
    export.add_argument("--fps", type=_bounded(float, 0, 50, open_low=True), default=4.0,
                        help="gif: frames per second (default 4)")
    export.add_argument("--every", type=_bounded(int, 1, 120), default=1, metavar="N",
                        help="gif: one frame every N months (default 1)")
    export.add_argument("--base-url", default=PERMALINK_BASE, metavar="URL",
                        help=f"the explorer's address, for permalinks (default {PERMALINK_BASE})")
    export.add_argument("--strict", action="store_true",
                        help="fail (exit 2) when part of the view is not understood, instead "
                             "of warning and showing the default")
    export.set_defaults(handler=cmd_export, export_parser=export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except CommandError as error:
        print(f"realpolitik: {error}", file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a last guard: a message, never a traceback
        print(f"realpolitik: unexpected error: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
