"""How people reach the assistant: the command line and the web app."""
