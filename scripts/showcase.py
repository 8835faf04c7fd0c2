#!/usr/bin/env python3
"""Command-line entry point: python scripts/showcase.py <命令>. See `-h`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import commands as bench_commands
from showcase.commands.main import main

if __name__ == "__main__":
    sys.exit(main(extra=[bench_commands.register]))
