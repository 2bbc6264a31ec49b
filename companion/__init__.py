"""An offline, hands-free calming companion."""

__version__ = "0.1.0"
