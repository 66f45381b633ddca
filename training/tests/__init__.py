"""Unit tests of the pure helpers in training/train.py (no transformers, no GPU needed)."""
