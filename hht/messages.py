"""User-facing text that more than one place says."""

DISCLAIMER = (
    "hht is a self-management aid, not a medical device. Its screen can suggest "
    "high hamstring tendinopathy but never diagnose it: many problems cause deep "
    "buttock pain. If anything worsens, or a red flag appears, see a doctor or "
    "physiotherapist."
)

INTERRUPTED = "Interrupted: nothing was saved."

NOTHING_TO_LOG = (
    "Nothing to log: pass at least one of --morning N, --exercise N, --run N, "
    "--sitting N or --note TEXT (pain is 0-10; see `hht log --help`)."
)

NOTHING_TO_UNDO = "Nothing to undo: no change to the log is recorded that has not been undone."
