"""Extractors: one module per record kind, registered by name; the pipeline runs them."""

from policyintel.extractors.pipeline import extract
from policyintel.extractors.records import (
    RECORD_TYPES,
    Achievement,
    Record,
    Responsibility,
    Subsidy,
    Target,
)
from policyintel.extractors.registry import extractor

__all__ = ["RECORD_TYPES", "Achievement", "Record", "Responsibility", "Subsidy", "Target",
           "extract", "extractor"]
