"""The `qa` command. Front end only: it parses arguments, calls the library and prints."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from qa.settings import Settings

EXIT_OK, EXIT_PARTIAL, EXIT_FATAL = 0, 1, 2


def _fail(message: str) -> int:
    print(f"qa: error: {message}", file=sys.stderr)
    return EXIT_FATAL


def cmd_ingest(args: argparse.Namespace) -> int:
    from qa.ingest import ingest
    from qa.store import StoreError

    settings = Settings.from_env().with_(store_dir=Path(args.store) if args.store else None)
    try:
        summary = ingest(
            args.paths or None, settings=settings, rebuild=args.rebuild, prune=args.prune,
            progress=None if not args.json else False,
            on_message=lambda m: print(m, file=sys.stderr),
        )
    except StoreError as exc:
        return _fail(str(exc))
    if args.json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False))
    else:
        for problem in summary.errors:
            print(f"skipped {problem.file}: {problem.reason}", file=sys.stderr)
        print(summary.line())
    return EXIT_OK if summary.ok else EXIT_PARTIAL


def cmd_bench(args: argparse.Namespace) -> int:
    from qa.bench import bench_ingest

    if args.what == "ingest":
        result = bench_ingest(Path(args.corpus), copies=args.copies)
        print(json.dumps(result.to_dict()) if args.json else result.report())
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qa", description="Grounded, cited answers over a news corpus, offline.")
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("ingest", help="clean, chunk, embed and store article files")
    p.add_argument("paths", nargs="*", help="files or folders (default: seeds/)")
    p.add_argument("--store", help="store folder (default: store/, or QA_STORE)")
    p.add_argument("--rebuild", action="store_true", help="start the store afresh")
    p.add_argument("--prune", action="store_true", help="remove articles whose files are gone")
    p.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    p.set_defaults(func=cmd_ingest)

    p = commands.add_parser("bench", help="benchmarks (ratios against an in-process baseline)")
    p.add_argument("what", choices=["ingest"])
    p.add_argument("--json", action="store_true")
    p.add_argument("--corpus", default="seeds", help="folder to benchmark with (default: seeds/)")
    p.add_argument("--copies", type=int, default=5, help="renamed copies of the corpus to ingest")
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("qa: interrupted", file=sys.stderr)
        return 130
    except ValueError as exc:  # bad settings such as a non-numeric QA_* variable
        return _fail(str(exc))


if __name__ == "__main__":
    sys.exit(main())
