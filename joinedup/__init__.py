"""joinedup: one place's public services working as one.

numpy's BLAS (OpenBLAS) starts, by default, one thread per core and splits every matrix
product between them. An app server's products are small (a query's six BERT layers, one
matrix-vector product over the index) and several workers share the cores, so the threads
wait on each other: on a shared 2-core machine a new query's vector took 128 ms (p90 571 ms)
with two threads against 30 ms with one. One thread a process is the default here, before
anything imports numpy; an operator may still set OPENBLAS_NUM_THREADS (ADR 38).
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
