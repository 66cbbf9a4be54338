"""Demo accounts, one per role (never created under production settings)."""


def build(log):
    """Create the demo accounts (filled in with the applications side)."""
