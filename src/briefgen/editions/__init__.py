"""Editions: what a build printed and on what basis (audit records), and what changed between two."""
