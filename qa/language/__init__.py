"""Language analysis shared by ingest and answering: spaCy, words, dates, news time."""
