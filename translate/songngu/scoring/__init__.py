"""Sentence alignment, sacrebleu metrics with term success, and the score reports."""
