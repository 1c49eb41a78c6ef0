"""The municipal plan, sector and thematic plans with goals, strategies, action plans and measures. Models arrive with the issue that builds this part."""
