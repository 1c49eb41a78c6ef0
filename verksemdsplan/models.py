"""The one-year business plan per unit: the order letter, assignments and their delegation, indicators. Models arrive with the issue that builds this part."""
