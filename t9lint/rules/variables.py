"""Variables family: declaration, naming, typing and validation of template variables."""
