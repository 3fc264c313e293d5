"""``python -m t9lint``: the same as the ``t9lint`` command."""

from t9lint.cli import main

main()
