"""Reporting periods, status reports, monthly and tertial reports, and My page. Models arrive with the issue that builds this part."""
