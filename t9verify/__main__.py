"""``python -m t9verify``: the same command line as the ``t9verify`` script."""

from t9verify.cli import main

main()
