"""Demo records for the public site (built by load_demo_data)."""


def build(log) -> None:
    """Add the demo records of this part; safe to run twice."""
