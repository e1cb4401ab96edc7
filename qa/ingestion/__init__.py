"""Reading, cleaning, chunking and storing articles."""
