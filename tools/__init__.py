"""Developer tools run from the repository (not part of the coach at run time)."""
