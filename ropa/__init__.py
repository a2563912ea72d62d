"""ropa: the GDPR Art. 30 Record of Processing Activities as a YAML registry in git."""

__version__ = "0.1.0"
