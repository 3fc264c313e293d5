"""Injection family: variable values reaching a shell or kubectl unsafely."""
