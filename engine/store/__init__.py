"""The store: what a build keeps between runs and how it writes what it gives.

Takes bytes and paths; gives a content-addressed cache under `build/.cache/` (`cache`), the
decision that a build would change nothing (`uptodate`), files published together or not at
all (`publish`), and TOML files read with their line numbers (`tomlfile`). Imports no other room.
"""
