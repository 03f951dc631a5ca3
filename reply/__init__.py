"""Reply drafting: a grounded first draft of a proposal reply (提案答复函) from the index.

``proposal`` reads a proposal and its asks; ``gather`` collects, per ask, the city's cited
achievements and commitments and what peer cities do; ``draft`` writes the reply in the genre's
structure with a citation on every sentence taken from a source; ``docx_writer`` and
``markdown`` render it; ``llm`` is an optional seam to smooth wording without adding facts.
Import is cheap: each module loads what it needs on first use.
"""
