"""Split by concept; see the modules."""
