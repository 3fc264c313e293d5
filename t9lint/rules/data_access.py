"""Data-access family: the data_access tags against the configured vocabulary and the body."""
