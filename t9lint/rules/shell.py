"""Shell family: shell quality checks on script bodies and extracted commands (ShellCheck)."""
