"""The booklet engine: claims ledger, formatting, templating, document assembly, compile.

Modules are imported lazily by the CLI so that `generate.py --list` and `--help` stay fast.
"""
