"""Scripts that print figures (throughput, memory, start-up); tests never assert timings."""
