"""Edge: summarizing JSONL and Parquet files, locally or on a Dask cluster."""
