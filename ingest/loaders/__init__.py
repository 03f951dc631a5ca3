"""Loaders: bytes of one file → RawDocument. One decorated function per format."""

from policyintel.ingest.loaders.registry import load, loader, loaders

__all__ = ["load", "loader", "loaders"]
