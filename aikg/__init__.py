"""aikg: an open knowledge graph of how Vietnam implements its Law on Artificial Intelligence."""

__version__ = "0.1.0"
