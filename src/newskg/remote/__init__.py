"""The HTTP client of push, query --endpoint and link --online: deadlines, caps, redirects."""
