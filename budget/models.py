"""The four-year action and economic plan: budget frames, prioritised measures, worded orders and political decisions. Models arrive with the issue that builds this part."""
