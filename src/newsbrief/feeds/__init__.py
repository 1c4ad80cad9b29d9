"""Edge: RSS, Atom and JSON feeds, parsed (:mod:`.parse`) and polled into the store
(:mod:`.poll`)."""
