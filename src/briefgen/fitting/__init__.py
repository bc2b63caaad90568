"""One page: measuring, estimating and choosing what to leave out."""
