"""Effects family: declared side effects and permissions against what the body does."""
