"""Reporting pages, one module per area: Mi side, the periods and status reports, the roll-up,
the economy, the monthly and tertial reports, and the kommune-wide PDFs made in the background."""
