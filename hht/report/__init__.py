"""`hht report`: the physio's summary. `model` builds it; `registry` lists the formats."""
