"""Ingest: files in any supported format → clean, structured Documents."""

from policyintel.ingest.document import Document, Metadata, Repair, Section, Sentence, Sentences
from policyintel.ingest.loaders.registry import load
from policyintel.ingest.parse import from_text, parse, read
from policyintel.ingest.raw import RawDocument

__all__ = ["Document", "Metadata", "RawDocument", "Repair", "Section", "Sentence", "Sentences",
           "from_text", "load", "parse", "read"]
