"""bitext translation-memory core: segmentation, alignment, TMX and the TM store."""

__version__ = "0.1.0"
