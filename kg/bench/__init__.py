"""Benchmarks' raw material: a generator of realistic synthetic announcements with gold records."""

from kg.bench.generate import Announcement, make_announcement, write_corpus

__all__ = ["Announcement", "make_announcement", "write_corpus"]
