"""vedit — an AI-assisted desktop video editor."""

import os

# One BLAS thread unless the user says otherwise: our matrix work is small (the cut network,
# colour statistics) and runs on our own worker threads; OpenBLAS's default of one thread per
# core spins against the decoder's threads and made the cut network ten times slower on a
# busy two-core machine. Must be set before NumPy loads, hence here.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
