"""`cimis eval`: our pipeline and baselines on the golden questions, standard IR metrics."""
