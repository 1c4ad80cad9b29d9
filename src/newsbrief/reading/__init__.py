"""Pure: raw input to a clean Article (decoding, extraction, plain-text pages) and sentences."""
