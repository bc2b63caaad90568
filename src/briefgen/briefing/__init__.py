"""What a briefing prints: records chosen and shaped into sections, no format knowledge."""
