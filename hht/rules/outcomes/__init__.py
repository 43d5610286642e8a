"""The physio's numbers: the outcome measures (VISA-H, PSFS, GROC) with their
answer domains and scoring, a clinic's wording for VISA-H, the schedule on
which they are due, their change from baseline, and the day's figures beside
the pain ratings (sitting tolerance, the loads of heavy slow resistance) with
the load-step rule. Pure: plain data in, plain data out."""
