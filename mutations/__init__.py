"""The standing mutation test: small mathematical mutations each named claim must catch."""
