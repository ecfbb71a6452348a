"""Subcommands of the CLI, one module each (see indicator_nlp.cli)."""
