"""Allow `python -m briefgen`."""
from briefgen.cli import cli

cli()
