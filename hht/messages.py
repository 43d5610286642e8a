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

SCREEN_NOT_DIAGNOSIS = "This is a screen to guide self-management, not a diagnosis."

IDS_HELP = "`hht protocol show --json` lists the ids; the README shows the shape"
