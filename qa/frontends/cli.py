"""The `qa` command. Front end only: it parses arguments, calls the library and prints."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from qa.settings import Settings

EXIT_OK, EXIT_PARTIAL, EXIT_FATAL = 0, 1, 2


def _fail(message: str) -> int:
    print(f"qa: error: {message}", file=sys.stderr)
    return EXIT_FATAL


def cmd_ingest(args: argparse.Namespace) -> int:
    from qa.ingestion.ingest import ingest
    from qa.index.store import StoreError

    settings = Settings.from_env().with_(store_dir=Path(args.store) if args.store else None)
    try:
        summary = ingest(
            args.paths or None, settings=settings, rebuild=args.rebuild, prune=args.prune,
            on_conflict="replace" if args.replace else "keep-both" if args.keep_both else "skip",
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


def _open_assistant(args: argparse.Namespace, warm: bool = False):
    from qa.answering.assistant import Assistant

    options = {}
    for key in ("model", "url", "api_key", "model_name"):
        value = getattr(args, key, None)
        if value:
            options[key] = value
    settings = Settings.from_env()
    return Assistant.open(store=args.store, generator=args.generator or settings.generator,
                          settings=settings, top_k=args.top_k or settings.top_k, warm=warm, **options)


def _filters(args: argparse.Namespace):
    from qa.language.dates import parse_date
    from qa.index.retrieval import Filters

    dates = {}
    for name in ("after", "before"):
        raw = getattr(args, name)
        if raw:
            dates[name] = parse_date(raw)
            if not dates[name]:
                raise ValueError(f"--{name} must be a date such as 2024-01-31, got {raw!r}")
    return Filters(after=dates.get("after"), before=dates.get("before"), sources=tuple(args.source or ()))


def _print_answer(answer, stream=sys.stdout) -> None:
    if answer.short_answer:  # the answer itself first, then the sentences that support it
        cited = "".join(f"[{n}]" for n in dict.fromkeys(i.citation for i in answer.short_answer_items))
        print(f"Answer: {answer.short_answer} {cited}".rstrip(), file=stream)
        print(file=stream)
    print(answer.text, file=stream)
    if answer.citations:
        print("\nSources:", file=stream)
        for c in answer.citations:
            print(f"  [{c.n}] {c.title} ({c.date or 'undated'}, {c.source})", file=stream)
            print(f"      “{c.quote}”", file=stream)
    if answer.abstained and answer.related:
        print("\nClosest passages:", file=stream)
        for r in answer.related:
            print(f"  - {r.title} ({r.date or 'undated'}, {r.source}): {r.text[:160]}…", file=stream)


_ASK_ERRORS = ("QuestionError", "StoreError", "GeneratorError", "EmbedderUnavailable", "NlpUnavailable", "FilterError")


def cmd_ask(args: argparse.Namespace) -> int:
    try:
        filters = _filters(args)
        assistant = _open_assistant(args)
        if args.json:
            answer = assistant.ask(args.question, filters=filters)
            print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
            return EXIT_OK
        answer = None
        for piece in assistant.stream(args.question, filters=filters):
            if isinstance(piece, str):
                if sys.stdout.isatty() and assistant.generator.name != "extractive":
                    print(piece, end="", flush=True)  # live tokens; the verified text follows
            else:
                answer = piece
        if sys.stdout.isatty() and assistant.generator.name != "extractive":
            print("\n\nVerified answer:")
        _print_answer(answer)
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - known errors become one line; others re-raise
        if type(exc).__name__ in _ASK_ERRORS:
            return _fail(str(exc))
        raise


def cmd_chat(args: argparse.Namespace) -> int:
    from qa.answering.assistant import Assistant

    try:
        filters = _filters(args)
        assistant = _open_assistant(args, warm=True)
    except Exception as exc:  # noqa: BLE001
        if type(exc).__name__ in _ASK_ERRORS:
            return _fail(str(exc))
        raise
    print(f"Ask about the articles ({assistant.generator.name} generator). "
          "Commands: /clear (or clear) forgets the conversation, /quit (or Ctrl-D) ends it.")
    history = []
    while True:
        try:
            question = input("\n> ")
        except EOFError:
            print()
            return EXIT_OK
        command = question.strip().lower().lstrip("/")
        if not command:
            continue  # an empty line is no question and no reason to leave
        if command in ("quit", "exit", "bye"):
            return EXIT_OK
        if command in ("clear", "reset", "new"):
            history = []
            print("(conversation cleared)")
            continue
        try:
            answer = assistant.ask(question, history=history, filters=filters)
        except Exception as exc:  # noqa: BLE001
            if type(exc).__name__ in _ASK_ERRORS:
                print(f"qa: {exc}", file=sys.stderr)
                continue
            raise
        _print_answer(answer)
        history.append(Assistant.turn(answer))


def cmd_eval(args: argparse.Namespace) -> int:
    from qa.evaluation import evalreport, evaluation
    from qa.evaluation.goldset import GoldError, load_gold

    if args.compare:
        before, after = (json.loads(Path(p).read_text(encoding="utf-8")) for p in args.compare)
        print(evalreport.compare(before, after))
        return EXIT_OK
    try:
        questions = load_gold(args.gold)
    except GoldError as exc:
        return _fail(str(exc))
    if args.corpus:
        from qa.evaluation.evalcorpus import corpus_store

        try:
            folder, summary = corpus_store(args.corpus, on_message=lambda m: print(m, file=sys.stderr))
        except (FileNotFoundError, ValueError) as exc:
            return _fail(str(exc))
        if summary.articles:
            print(f"ingested {args.corpus} into {folder}: {summary.line()}", file=sys.stderr)
        args.store = str(folder)
        os.environ["QA_CHROMA_URL"] = ""  # the scratch store is a local folder
    from qa.answering.generators import available

    names = available() if args.generator == "all" else [args.generator or Settings.from_env().generator]
    reports = []
    for name in names:
        try:
            args.generator = name
            assistant = _open_assistant(args, warm=True)
        except Exception as exc:  # noqa: BLE001
            if type(exc).__name__ in _ASK_ERRORS:
                return _fail(f"{name}: {exc}")
            raise
        assistant.wait_until_warm()
        tick = (lambda i, n: print(f"\r{name}: {i}/{n}", end="", file=sys.stderr, flush=True)) if sys.stderr.isatty() else None
        if args.calibrate:
            rows = evaluation.calibration_sweep(assistant, questions)
            print(json.dumps(rows) if args.json else evaluation.calibration_table(rows))
            return EXIT_OK
        results = evaluation.run(assistant, questions, k=args.k, progress=tick)
        report = evaluation.summarize(results, generator=name, gold=str(args.gold), k=args.k)
        reports.append(report)
        if not args.no_write:
            paths = evalreport.write(report, Path(args.reports))
            print(f"wrote {paths['md']}", file=sys.stderr)
    if args.json:
        print(json.dumps(reports[0] if len(reports) == 1 else reports, ensure_ascii=False))
    else:
        for report in reports:
            print(evalreport.markdown(report))
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from qa.frontends.web import serve

    settings = Settings.from_env().with_(store_dir=Path(args.store) if args.store else None)
    try:
        serve(host=args.host, port=args.port, settings=settings)
    except Exception as exc:  # noqa: BLE001
        if type(exc).__name__ in _ASK_ERRORS:
            return _fail(str(exc))
        raise
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    from qa.evaluation.bench import bench_ingest

    if args.what == "ingest":
        result = bench_ingest(Path(args.corpus), copies=args.copies)
        print(json.dumps(result.to_dict()) if args.json else result.report())
    elif args.what == "compare":
        from qa.evaluation.benchcompare import bench_compare

        result = bench_compare(passages=args.passages, questions=args.questions)
        print(json.dumps(result.to_dict()) if args.json else result.report())
    elif args.what == "scale":
        from qa.evaluation.benchscale import bench_scale

        result = bench_scale(passages=args.passages, questions=args.questions, work=Path(args.out) if args.out else None,
                             chroma_server=args.chroma_server)
        print(json.dumps(result.to_dict()) if args.json else result.report())
    elif args.what == "corpus":
        from qa.evaluation.synthetic import write_corpus

        if not args.out:
            raise SystemExit("qa: error: bench corpus needs --out DIR (where the articles are written)")
        out = Path(args.out)
        questions = write_corpus(out, args.articles, seed=args.seed)
        beside = out.with_name(out.name + "-questions.jsonl")  # outside the folder an ingest reads
        beside.write_text("".join(json.dumps(q.__dict__) + "\n" for q in questions), encoding="utf-8")
        print(f"wrote {args.articles} synthetic articles to {out}/ and a question for each to {beside}")
    elif args.what == "llama":
        from qa.evaluation.bench import bench_llama

        result = bench_llama(model=args.model)
        print(json.dumps(result) if args.json else
              f"{result['model']}: prompt {result['prompt_tokens_per_s']} tokens/s, "
              f"generation {result['generation_tokens_per_s']} tokens/s\n{result['system_info']}")
    else:
        from qa.evaluation.bench import bench_ask, format_ask

        generators = args.generator.split(",") if args.generator else None
        report = bench_ask(store=args.store, generators=generators, model=args.model)
        print(json.dumps(report) if args.json else format_ask(report))
    return EXIT_OK


def _whole_number(low: int = 1, high: int | None = None):
    """An argparse type for a whole number in [low, high] with a message that says which."""
    def parse(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number, not {raw!r}") from None
        if high is not None and not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}, not {value}")
        if value < low:
            raise argparse.ArgumentTypeError(f"must be a positive whole number, not {value}")
        return value
    return parse


_top_k = _whole_number(1, 100)
_positive = _whole_number(1)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qa", description="Grounded, cited answers over a news corpus, offline.")
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("ingest", help="clean, chunk, embed and store article files")
    p.add_argument("paths", nargs="*", help="files or folders (default: seeds/)")
    p.add_argument("--store", help="store folder (default: store/, or QA_STORE)")
    p.add_argument("--rebuild", action="store_true", help="start the store afresh")
    p.add_argument("--prune", action="store_true", help="remove articles whose files are gone from the folders given")
    same = p.add_mutually_exclusive_group()
    same.add_argument("--replace", action="store_true",
                      help="a file whose name the store already gives to another file replaces that file's articles")
    same.add_argument("--keep-both", dest="keep_both", action="store_true",
                      help="such a file is added beside them under a new name (default: it is skipped and reported)")
    p.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    p.set_defaults(func=cmd_ingest)

    for name, helptext in (("ask", "answer one question with cited sources"), ("chat", "a conversation in the terminal")):
        p = commands.add_parser(name, help=helptext)
        if name == "ask":
            p.add_argument("question")
        p.add_argument("--store", help="store folder (default: store/, or QA_STORE)")
        p.add_argument("--generator", choices=["extractive", "local", "openai"], help="default: QA_GENERATOR or extractive")
        p.add_argument("--after", help="only articles published on or after this date")
        p.add_argument("--before", help="only articles published on or before this date")
        p.add_argument("--source", action="append", help="only this source file (repeatable)")
        p.add_argument("--top-k", type=_top_k, dest="top_k", help="passages to retrieve, 1-100 (default: QA_TOP_K or 8)")
        p.add_argument("--model", help="local: path of a GGUF model (default: the packaged Qwen2.5 1.5B)")
        p.add_argument("--url", help="openai: base URL of an OpenAI-compatible server (or QA_OPENAI_URL)")
        p.add_argument("--model-name", dest="model_name", help="openai: model name (or QA_OPENAI_MODEL)")
        p.add_argument("--api-key", dest="api_key", help="openai: API key (or QA_OPENAI_API_KEY)")
        if name == "ask":
            p.add_argument("--json", action="store_true", help="print the answer as JSON")
        p.set_defaults(func=cmd_ask if name == "ask" else cmd_chat)

    p = commands.add_parser("serve", help="the browser chat (Gradio)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=7860)
    p.add_argument("--store", help="store folder (default: store/, or QA_STORE)")
    p.set_defaults(func=cmd_serve)

    p = commands.add_parser("eval", help="answer gold questions and report metrics")
    p.add_argument("--gold", default="evals/gold.jsonl", help="gold question file (JSON lines)")
    p.add_argument("--generator", help="a generator name, or 'all' (default: QA_GENERATOR or extractive)")
    p.add_argument("--k", type=int, default=5, help="retrieval depth for hit@k and MRR")
    p.add_argument("--store", help="store folder (default: store/)")
    p.add_argument("--corpus", help="ingest this folder into a scratch store (kept by content) and evaluate on it")
    p.add_argument("--reports", default="evals/reports", help="folder for the .md/.json/.png report")
    p.add_argument("--no-write", action="store_true", help="do not write report files")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--compare", nargs=2, metavar=("A.json", "B.json"), help="compare two reports")
    p.add_argument("--calibrate", action="store_true",
                   help="sweep the evidence threshold and coverage floor on the calibration split")
    p.add_argument("--model"); p.add_argument("--url"); p.add_argument("--model-name", dest="model_name")  # noqa: E702
    p.add_argument("--api-key", dest="api_key"); p.set_defaults(func=cmd_eval, top_k=None)  # noqa: E702

    p = commands.add_parser("bench", help="benchmarks (ratios against an in-process baseline)")
    p.add_argument("what", choices=["ingest", "ask", "llama", "corpus", "compare", "scale"])
    p.add_argument("--store", help="ask: store folder (default: store/)")
    p.add_argument("--generator", help="ask: comma-separated generators (default: those installed, except openai)")
    p.add_argument("--model", help="ask, llama: GGUF for the local generator (default: the packaged Qwen)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--corpus", default="seeds", help="folder to benchmark with (default: seeds/)")
    p.add_argument("--copies", type=int, default=5, help="renamed copies of the corpus to ingest")
    p.add_argument("--articles", type=_positive, default=1000, help="corpus: how many synthetic articles")
    p.add_argument("--seed", type=int, default=7, help="corpus: the same seed writes the same files")
    p.add_argument("--passages", type=_positive, default=1000, help="compare, scale: about how many passages to build")
    p.add_argument("--questions", type=_positive, default=100, help="compare, scale: questions timed")
    p.add_argument("--out", help="corpus: folder to write the synthetic articles to; scale: folder to keep (and reuse) "
                                 "the corpus and store in")
    p.add_argument("--chroma-server", action="store_true",
                   help="scale: run against a real `chroma run` on 127.0.0.1 started for the benchmark")
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("qa: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return EXIT_OK
    except ValueError as exc:  # bad settings such as a non-numeric QA_* variable
        return _fail(str(exc))


if __name__ == "__main__":
    sys.exit(main())
