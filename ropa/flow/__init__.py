"""The data-flow map of a record: data subjects -> activities -> recipients -> countries.

* ``ropa.flow.graph``: the boxes and flows from the record (``build``), with the transfer basis
  of each flow as ``ropa validate`` assesses it;
* ``ropa.flow.layout``: the order of the boxes in each layer (crossing reduction) and their places;
* ``ropa.flow.draw``: the drawing, as SVG (``svg``);
* ``ropa.flow.pdf``: the same drawing on a PDF page (``draw_map``).

In the core because two feature packages show it: ``ropa map`` (the standalone SVG) and the
record's html and PDF (``ropa.export``).
"""
