"""Adapters to third-party engines, one library per module, each imported lazily."""
