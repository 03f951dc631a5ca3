"""policyintel: commitments in Chinese government policy texts, extracted and grounded."""

__version__ = "0.1.0"
