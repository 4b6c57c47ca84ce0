"""``python -m archive.citegraph.training``: rebuild the citation model from ``data/``."""

from __future__ import annotations

import argparse
from pathlib import Path

from archive.citegraph.model import MODEL_PATH
from archive.citegraph.training.train import train, training_files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m archive.citegraph.training",
                                     description="Train the citation labeller on data/*.xml.")
    parser.add_argument("--out", type=Path, default=MODEL_PATH,
                        help="the model file to write (default: %(default)s)")
    parser.add_argument("--exclude", action="append", default=[], metavar="FILE",
                        help="leave this data file out (repeatable), e.g. to measure how "
                        "the model does on notes it was not trained on")
    args = parser.parse_args(argv)
    files = [f for f in training_files() if f.name not in set(args.exclude)]
    report = train(files, args.out)
    for name, count in report.files.items():
        print(f"{name}: {count} sequences")
    print(f"trained in {report.seconds:.0f} s: {report.path} "
          f"({report.size / 1024:.0f} KB, sha256 {report.sha256})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
