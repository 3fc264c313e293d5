"""Structure family: metadata presence and shape, names, flavor layout."""
