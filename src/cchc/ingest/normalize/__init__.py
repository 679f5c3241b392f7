"""Normalizers: turn printed fragments (citations, agency cells, timeframes) into typed values."""
