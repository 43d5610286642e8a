"""One module per `hht` command: each parses its options, calls the library and renders; hht/cli/app.py loads a command's module only when it runs."""
