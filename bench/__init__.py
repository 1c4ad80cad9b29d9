"""Speed and quality benchmarks, one command each; they read data from ../shared/data."""
