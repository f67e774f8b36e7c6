"""Reporters: pure functions from records to text or bytes, one per format."""
