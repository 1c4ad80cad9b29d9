"""Edge: fetching pages and feeds over HTTP without becoming an SSRF tool."""
