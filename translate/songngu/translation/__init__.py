"""One translation run: requests and their pieces, the pipeline, the translation memory, the summary."""
