"""User-facing text that more than one place says."""

DISCLAIMER = (
    "hht is a self-management aid, not a medical device. Its screen can suggest "
    "high hamstring tendinopathy but never diagnose it: many problems cause deep "
    "buttock pain. If anything worsens, or a red flag appears, see a doctor or "
    "physiotherapist."
)

INTERRUPTED = "Interrupted: nothing was saved."

INPUT_ENDED = "The input ended before the last question: nothing was saved."

NOTHING_TO_LOG = (
    "Nothing to log: pass at least one of --morning N, --exercise N, --run N, "
    "--sitting N, --sitting-minutes N, --load EXERCISE=KG x REPS or --note TEXT (pain is 0-10; see `hht log --help`)."
)

SCREEN_NOT_DIAGNOSIS = "This is a screen to guide self-management, not a diagnosis."

IDS_HELP = "`hht protocol show --json` lists the ids; the README shows the shape"

ASSESS_NEEDS_TERMINAL = (
    "hht assess asks its questions in a terminal; without one, pass the answers as JSON "
    "with --answers FILE (or --answers - for stdin), as the README shows."
)

ASSESS_BEFORE_YOU_START = (
    "First, questions about warning signs; then a few about your symptoms; then three "
    "self-tests on each affected side. You need a chair or step between knee and waist "
    "height, and a belt, rope or long towel. Go gently: stop a test at the first clear pain."
)

TEST_THEN_RATE = (
    "Then rate the pain it caused, 0-10 (0 is none), and say whether it was your familiar "
    "deep buttock pain. Stop at the first clear pain; do not push through it."
)

ROM_QUESTION = "Is the hamstring's range of motion normal?"
ROM_HOW = (
    "Lying on your back, raise each straight leg in turn as far as is comfortable: "
    "does the sore side go about as far as the other?"
)
ROM_HOW_BOTH = (  # both sides affected: there is no "other" side to compare with
    "Lying on your back, raise each straight leg in turn as far as is comfortable: "
    "does each go about as far as it did before the pain began, without the deep "
    "buttock ache?"
)

# Headings for the red-flag questions, and titles for a red-flag result.
URGENCY_HEADINGS = {
    "emergency": "Warning signs that need help the same day",
    "urgent": "Warning signs that need a clinician within days",
    "soon": "Warning signs to see a doctor about soon",
}
URGENCY_TITLES = {
    "emergency": "Emergency: get medical help today",
    "urgent": "See a doctor or physiotherapist within days",
    "soon": "See your doctor soon",
}

NOTHING_TO_UNDO = "Nothing to undo: no change to the log or the assessments is recorded that has not been undone."


def continued(text: str) -> str:
    """A sentence that goes on after a colon or a semicolon: its first letter small
    ("not yet: the assisted ..."), unless its first word is an abbreviation ("ROM")."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and (first[1].isupper() or first[1].isdigit()):
        return text
    return text[:1].lower() + text[1:]
