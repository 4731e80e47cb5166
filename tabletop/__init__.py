"""tabletop: run tabletop crisis exercises of the US-Japan alliance."""

__version__ = "0.1.0"
