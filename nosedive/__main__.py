"""``python -m nosedive``: the same as the ``nosedive`` command."""
import sys

from nosedive.cli.command import main

sys.exit(main())
