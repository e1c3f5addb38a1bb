"""``python -m workbench`` runs the same command line as ``workbench``."""

from workbench.cli import cli

if __name__ == "__main__":
    cli(prog_name="workbench")
