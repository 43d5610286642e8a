"""Drawing in a terminal: the console's wrapped text, the day's screen, prompts and text made safe for each output; imports the plan and the ground, never storage or the command line."""
