"""Pages for joining the partnership and managing an organisation's people."""
