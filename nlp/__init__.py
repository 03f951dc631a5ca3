"""Text tools and domain data every extractor shares."""
