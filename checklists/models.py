"""Internal-control checklists: purpose, type, check points and answers. Models arrive with the issue that builds this part."""
