"""The Textual app: screens, widgets and styles. Installed as `coach.screens`."""
