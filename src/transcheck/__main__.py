"""``python -m transcheck``: the same as the ``transcheck`` command."""

from transcheck.cli import main

main()
