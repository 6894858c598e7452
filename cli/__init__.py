"""The command line's helpers: argument ranges, the progress bar, the process pool and the
commands that fan work out over it (`--variants`, `--stress`). generate.py is the entry point."""
