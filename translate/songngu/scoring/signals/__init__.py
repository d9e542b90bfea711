"""What the aligner weighs a candidate link by, one signal a module (``scoring/cost.py`` combines them).

Each signal is built once per document pair and called as ``signal(i0, i1, j0, j1)`` for the link
of ``src[i0:i1]`` with ``ref[j0:j1]``, like sacrebleu's metrics: the length model (``length``),
anchors that survive translation (``anchors``), the shapes of what one edition alone carries
(``shapes``), a word table learnt from sure pairs (``coverage``) and chrF against machine output
(``chrf``). A new signal (sentence embeddings) is one more module and one weighted line in the cost.
"""
